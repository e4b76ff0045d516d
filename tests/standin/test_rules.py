"""The 2026 rules (read with plain urllib): signed lists, the wall, the creator list, the search
gate, the throttle, the secUid fallbacks, the session cookie; and the 2024 era without them."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta

import pytest

from compass.tiktok import StatusKind, parse_page
from tests.standin import CAPTURED_AT, Rules, StandIn, State
from tests.standin.helpers import get, signed_query
from tests.standin.routes import SESSION_COOKIE
from tests.standin.shapes import challenge_id
from tests.standin.throttle import Throttle

SMALL = dict(per_niche=40, prolific_per_niche=2)
POST_LIST = "/api/post/item_list/"
CREATOR_LIST = "/api/creator/item_list/"


@pytest.fixture(scope="module")
def site():
    with StandIn(seed=9, rules=Rules().loosened(api_calls_per_minute=None), **SMALL) as server:
        yield server


def _big(server: StandIn):
    return server.population.largest(1)[0]


# ---- signed lists ----------------------------------------------------------------------------


def test_unsigned_post_item_list_gets_an_empty_body(site):
    got = get(site.url, POST_LIST, {"secUid": _big(site).sec_uid, "cursor": 0, "count": 16})
    assert (got.status, got.text) == (200, "")
    assert site.stats()["refused"].get("api_post_item_list", 0) >= 1


def test_signed_post_item_list_serves_the_first_page_up_to_the_wall(site):
    member = _big(site)
    query = signed_query(site, POST_LIST, {"secUid": member.sec_uid, "cursor": 0, "count": 35})
    body = get(site.url, POST_LIST, query=query).json()
    assert body["statusCode"] == 0 and len(body["itemList"]) == site.rules.wall_after and body["hasMore"]


def test_forged_and_stale_signatures_get_an_empty_body(site):
    params = {"secUid": _big(site).sec_uid, "cursor": 0, "count": 16}
    forged = re.sub(
        r"X-Gnarly=(\d+)\.[0-9a-f]+", r"X-Gnarly=\1.0123456789abcdef", signed_query(site, POST_LIST, params)
    )
    stale = signed_query(
        site, POST_LIST, params, seconds=int(time.time()) - int(site.rules.signature_ttl) - 5
    )
    other_list = signed_query(site, "/api/music/item_list/", params)  # a signature covers its own path
    for query in (forged, stale, other_list):
        assert get(site.url, POST_LIST, query=query).text == ""


def test_signed_out_later_pages_are_refused_and_a_session_lifts_the_wall(site):
    member = _big(site)
    params = {"secUid": member.sec_uid, "cursor": 1_700_000_000_000, "count": 35}
    assert get(site.url, POST_LIST, query=signed_query(site, POST_LIST, params)).text == ""
    cookies = {SESSION_COOKIE: site.session_id}
    first = get(
        site.url, POST_LIST, query=signed_query(site, POST_LIST, {**params, "cursor": 0}), cookies=cookies
    )
    assert len(first.json()["itemList"]) == 35
    later = get(site.url, POST_LIST, query=signed_query(site, POST_LIST, params), cookies=cookies)
    assert later.json()["statusCode"] == 0 and later.json()["itemList"]
    wrong = get(
        site.url, POST_LIST, query=signed_query(site, POST_LIST, params), cookies={SESSION_COOKIE: "nope"}
    )
    assert wrong.text == ""


def test_profile_page_signs_with_its_own_secret_not_in_the_page_json(site):
    got = get(site.url, f"/@{_big(site).handle}")
    config = json.loads(re.search(r"window.__ttConf=(\{.*?\});", got.text).group(1))
    assert config["sign"] and config["wall"] == site.rules.wall_after and not config["signedIn"]
    assert config["k"] not in json.dumps(got.scope())


# ---- the creator list ------------------------------------------------------------------------


def _creator_pages(server: StandIn, sec_uid: str) -> tuple[list[str], int]:
    """Walks the creator list as yt-dlp does, a week back over an empty page; (ids, empty pages)."""
    ids, empty, cursor = [], 0, 0
    for _ in range(500):
        body = get(
            server.url, CREATOR_LIST, {"secUid": sec_uid, "count": 15, "cursor": cursor, "type": 1}
        ).json()
        items = body["itemList"]
        ids.extend(item["id"] for item in items)
        if not body["hasMorePrevious"]:
            return ids, empty
        if items:
            cursor = items[-1]["createTime"] * 1000
        else:
            empty += 1
            cursor -= 7 * 86_400_000
    raise AssertionError("the creator list never ended")


def test_creator_list_unsigned_newest_first_every_video_once(site):
    member = next(m for m in site.population.largest(10) if m.videos >= 500)
    expected = site.creator(member.handle).videos
    ids, _ = _creator_pages(site, member.sec_uid)
    assert sorted(ids) == sorted(v.tiktok_id for v in expected) and len(set(ids)) == len(ids)
    times = {v.tiktok_id: v.posted_at for v in expected}
    assert [times[i] for i in ids] == sorted(times[i] for i in ids)[::-1]


def test_creator_list_count_over_15_is_refused_with_10201(site):
    body = get(site.url, CREATOR_LIST, {"secUid": _big(site).sec_uid, "count": 16, "cursor": 0}).json()
    assert (body["statusCode"], body["itemList"]) == (10201, [])


def test_creator_list_reads_old_history_a_week_at_a_time_with_an_empty_page_inside():
    rules = Rules().loosened(api_calls_per_minute=None)
    with StandIn(seed=20250601, rules=rules) as server:
        old = CAPTURED_AT - timedelta(days=rules.old_history_days)

        def gap_in_old_history(member) -> bool:
            times = sorted(v.posted_at for v in server.creator(member.handle).videos if v.posted_at < old)
            return any(
                b - a > timedelta(days=rules.lookback_days) for a, b in zip(times, times[1:], strict=False)
            )

        member = next(m for m in server.population.largest(24) if gap_in_old_history(m))
        ids, empty = _creator_pages(server, member.sec_uid)
        assert empty >= 1
        assert sorted(ids) == sorted(v.tiktok_id for v in server.creator(member.handle).videos)


def test_creator_list_private_account_is_empty_and_unknown_sec_uid_is_10201(site):
    private = site.population.with_state(State.PRIVATE)[0]
    assert get(site.url, CREATOR_LIST, {"secUid": private.sec_uid, "count": 15}).json()["itemList"] == []
    assert (
        get(site.url, CREATOR_LIST, {"secUid": "MS4wLjABAAAAnope", "count": 15}).json()["statusCode"] == 10201
    )


# ---- search, listings, sessions --------------------------------------------------------------


def test_search_needs_a_session(site):
    page = get(site.url, "/search/user", {"q": "gym"})
    assert 'data-e2e="login-modal"' in page.text and '<div data-e2e="search-user-list"' not in page.text
    path = "/api/search/user/full/"
    assert get(site.url, path, query=signed_query(site, path, {"keyword": "gym", "cursor": 0})).text == ""
    signed_in = get(
        site.url,
        path,
        query=signed_query(site, path, {"keyword": "gym", "cursor": 0}),
        cookies={SESSION_COOKIE: site.session_id},
    )
    assert signed_in.json()["user_list"]


def test_hashtag_list_gives_its_first_page_signed_out(site):
    path = "/api/challenge/item_list/"
    params = {"challengeID": challenge_id("fyp"), "count": 30}
    first = get(site.url, path, query=signed_query(site, path, {**params, "cursor": 0})).json()
    assert first["itemList"] and first["hasMore"]
    assert get(site.url, path, query=signed_query(site, path, {**params, "cursor": 30})).text == ""


# ---- secUid fallbacks ------------------------------------------------------------------------


def test_hidden_sec_uid_is_found_on_the_live_page_or_through_the_embed(site):
    hidden = [m for m in site.population.with_state(State.OK) if site.site.hides_sec_uid(m)]
    assert hidden, "the population has creators whose profile hides the secUid"
    shown_live = 0
    for member in hidden[:12]:
        profile = parse_page(get(site.url, f"/@{member.handle}").text)
        assert profile.profile is not None and profile.profile.sec_uid is None
        live = get(site.url, f"/@{member.handle}/live").text
        if member.sec_uid in live:
            shown_live += 1
            continue
        embed = get(site.url, f"/embed/@{member.handle}").text
        state = json.loads(re.search(r'id="__FRONTITY_CONNECT_STATE__"[^>]*>(.*?)</script>', embed).group(1))
        first = state["source"]["data"][f"/embed/@{member.handle}"]["videoList"][0]["id"]
        video = parse_page(get(site.url, f"/@{member.handle}/video/{first}").text)
        assert video.profile is not None and video.profile.sec_uid == member.sec_uid
    assert 0 < shown_live < len(hidden[:12])


# ---- the throttle ----------------------------------------------------------------------------


def test_throttle_refuses_past_the_limit_for_the_cooldown_then_allows():
    now = [0.0]
    throttle = Throttle(3, cooldown=10.0, clock=lambda: now[0])
    assert [throttle.allow("a") for _ in range(3)] == [True, True, True]
    assert not throttle.allow("a") and throttle.allow("b")
    now[0] = 9.0
    assert not throttle.allow("a")
    now[0] = 10.5
    assert throttle.allow("a")


def test_throttled_client_gets_403_or_a_10000_captcha():
    with StandIn(
        seed=9, rules=Rules().loosened(api_calls_per_minute=5, cooldown_seconds=60), **SMALL
    ) as server:
        member = _big(server)
        answers = [
            get(server.url, CREATOR_LIST, {"secUid": member.sec_uid, "count": 15, "n": n}) for n in range(9)
        ]
        assert all(a.status == 200 and a.json()["statusCode"] == 0 for a in answers[:5])
        refused = answers[5:]
        assert {a.status for a in refused} == {200, 403}
        captchas = [parse_page(a.text) for a in refused if a.status == 200]
        assert all((c.status.kind, c.status.code) == (StatusKind.BLOCKED, 10000) for c in captchas)
        assert server.stats()["cooldowns"] == 1


# ---- 2024 ------------------------------------------------------------------------------------


def test_era_2024_serves_every_list_unsigned_and_has_no_creator_list():
    with StandIn(seed=9, rules=Rules.of_era("2024"), **SMALL) as server:
        member = _big(server)
        body = get(server.url, POST_LIST, {"secUid": member.sec_uid, "cursor": 0, "count": 35}).json()
        assert len(body["itemList"]) == 35 and body["hasMore"]
        assert get(server.url, CREATOR_LIST, {"secUid": member.sec_uid, "count": 15}).status == 404
        assert get(server.url, "/search/user/", {"q": "gym"}).text.count('data-e2e="login-modal"') == 0


def test_rules_of_an_unknown_era_are_refused():
    with pytest.raises(ValueError, match="2031"):
        Rules.of_era("2031")
