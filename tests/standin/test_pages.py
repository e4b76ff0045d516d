"""Every page kind and API answer has TikTok's shape (read with plain urllib and json)."""

from __future__ import annotations

import urllib.request

import pytest

from tests.standin.helpers import get
from tests.standin.population import State
from tests.standin.shapes import display_count, music_path, round_count

USER_KEYS = {
    "id",
    "uniqueId",
    "nickname",
    "signature",
    "verified",
    "privateAccount",
    "secUid",
    "avatarLarger",
}
STATS_KEYS = {
    "followerCount",
    "followingCount",
    "heart",
    "heartCount",
    "videoCount",
    "diggCount",
    "friendCount",
}
ITEM_KEYS = {
    "id",
    "desc",
    "createTime",
    "author",
    "authorStats",
    "stats",
    "statsV2",
    "music",
    "challenges",
    "textExtra",
    "video",
    "isPinnedItem",
    "isAd",
}
ITEM_STATS = {"playCount", "diggCount", "commentCount", "shareCount", "collectCount"}


@pytest.fixture(scope="module")
def big(standin):
    return standin.population.largest(1)[0]


def _item_shape_ok(item):
    assert set(item) >= ITEM_KEYS
    assert isinstance(item["createTime"], int)
    assert set(item["stats"]) == ITEM_STATS and all(isinstance(v, int) for v in item["stats"].values())
    assert {k: str(v) for k, v in item["stats"].items()} == {k: item["statsV2"][k] for k in ITEM_STATS}
    assert {"id", "title", "authorName", "original", "duration"} <= set(item["music"])
    assert {"duration", "ratio", "cover", "playAddr"} <= set(item["video"])
    tags = [e for e in item["textExtra"] if e["type"] == 1]
    mentions = [e for e in item["textExtra"] if e["type"] == 0]
    assert len(tags) + len(mentions) == len(item["textExtra"])
    assert all(item["desc"][e["start"] : e["end"]] == "#" + e["hashtagName"] for e in tags)
    assert all(item["desc"][e["start"] : e["end"]] == "@" + e["userUniqueId"] for e in mentions)
    assert [e["hashtagName"] for e in tags] == [c["title"] for c in item["challenges"]]
    if "imagePost" in item:
        assert item["video"]["duration"] == 0 and item["video"]["playAddr"] == ""
        assert item["imagePost"]["images"]
    else:
        assert item["video"]["duration"] > 0


def test_profile_page_universal_scope_user_detail_shape(standin, big):
    got = get(standin.url, f"/@{big.handle}")
    assert got.status == 200 and got.headers["Content-Type"].startswith("text/html")
    scope = got.scope()
    assert "webapp.app-context" in scope
    detail = scope["webapp.user-detail"]
    assert detail["statusCode"] == 0 and detail["statusMsg"] == ""
    info = detail["userInfo"]
    assert set(info["user"]) >= USER_KEYS and info["user"]["uniqueId"] == big.handle
    assert set(info["stats"]) == STATS_KEYS == set(info["statsV2"])
    assert info["itemList"] == []
    exact = {k: int(v) for k, v in info["statsV2"].items()}
    assert info["stats"] == {k: round_count(v) for k, v in exact.items()}
    assert exact["followerCount"] == big.followers and exact["videoCount"] == big.videos
    assert "\\u002F" in got.text  # "/" escaped in the JSON as TikTok does
    assert 'data-e2e="user-post-item-list"' in got.text and "fetch(" in got.text
    assert f'data-e2e="followers-count">{display_count(big.followers)}<' in got.text


def test_profile_page_headers_cookie_and_no_store(standin, big):
    got = get(standin.url, f"/@{big.handle}")
    assert "ttwid=" in got.headers["Set-Cookie"]
    assert got.headers["Cache-Control"] == "no-store"


def test_round_count_like_tiktok_examples():
    assert [
        round_count(n) for n in (6, 2182, 40398, 234997, 427682, 4001943, 6764096, 999_960, 1_234_567_890)
    ] == [6, 2182, 40400, 235000, 427700, 4000000, 6800000, 1000000, 1200000000]
    assert [display_count(n) for n in (1444, 13_640, 2_912_000, 999_960)] == ["1444", "13.6K", "2.9M", "1.0M"]


def test_post_item_list_first_page_shape_pinned_first(standin_2024, big):
    got = get(standin_2024.url, "/api/post/item_list/", {"secUid": big.sec_uid, "cursor": 0, "count": 35})
    assert got.headers["Content-Type"].startswith("application/json")
    body = got.json()
    assert body["statusCode"] == 0 and isinstance(body["cursor"], str) and body["hasMore"] is True
    assert isinstance(body["extra"]["now"], int)
    items = body["itemList"]
    assert len(items) == 35
    for item in items:
        _item_shape_ok(item)
    pinned = [i["isPinnedItem"] for i in items]
    assert pinned == sorted(pinned, reverse=True)
    rest = [i["createTime"] for i in items if not i["isPinnedItem"]]
    assert rest == sorted(rest, reverse=True)
    assert all(i["author"]["uniqueId"] == big.handle for i in items)


def test_post_item_list_count_capped_at_35(standin_2024, big):
    body = get(
        standin_2024.url, "/api/post/item_list/", {"secUid": big.sec_uid, "cursor": 0, "count": 500}
    ).json()
    assert len(body["itemList"]) == 35


def test_post_item_list_unknown_sec_uid_status_10201(standin_2024):
    body = get(standin_2024.url, "/api/post/item_list/", {"secUid": "MS4wLjABAAAAnope", "cursor": 0}).json()
    assert body["statusCode"] == 10201 and body["itemList"] == [] and body["hasMore"] is False


def test_post_item_list_private_account_empty(standin_2024):
    private = standin_2024.population.with_state(State.PRIVATE)[0]
    body = get(standin_2024.url, "/api/post/item_list/", {"secUid": private.sec_uid, "cursor": 0}).json()
    assert body["statusCode"] == 0 and body["itemList"] == [] and body["hasMore"] is False


def test_video_page_item_struct_shape(standin, big):
    video = standin.creator(big.handle).videos[3]
    got = get(standin.url, f"/@{big.handle}/video/{video.tiktok_id}")
    detail = got.scope()["webapp.video-detail"]
    assert detail["statusCode"] == 0
    item = detail["itemInfo"]["itemStruct"]
    _item_shape_ok(item)
    assert item["id"] == video.tiktok_id
    assert {k: int(v) for k, v in item["authorStatsV2"].items()} == {
        k: int(v)
        for k, v in get(standin.url, f"/@{big.handle}")
        .scope()["webapp.user-detail"]["userInfo"]["statsV2"]
        .items()
    }
    assert f'href="{music_path(item["music"]["title"], item["music"]["id"])}"' in got.text


def test_video_page_photo_post_has_image_post(standin):
    for member in standin.population.largest(40):
        photo = next((v for v in standin.creator(member.handle).videos if v.is_photo), None)
        if photo:
            item = get(standin.url, f"/@{member.handle}/photo/{photo.tiktok_id}").scope()[
                "webapp.video-detail"
            ]["itemInfo"]["itemStruct"]
            _item_shape_ok(item)
            assert "imagePost" in item
            return
    pytest.fail("no photo post among the 40 largest creators")


def test_video_page_unknown_id_status_10204_like_real_capture(standin, big):
    detail = get(standin.url, f"/@{big.handle}/video/7000000000000000001").scope()["webapp.video-detail"]
    assert detail == {"statusCode": 10204, "statusMsg": "item doesn't exist"}


@pytest.mark.parametrize(
    ("state", "code"), [(State.PRIVATE, 10222), (State.MISSING, 10202), (State.BANNED, 10221)]
)
def test_profile_page_account_states_status_codes(standin, state, code):
    member = standin.population.with_state(state)[0]
    got = get(standin.url, f"/@{member.handle}")
    assert got.status == 200
    detail = got.scope()["webapp.user-detail"]
    assert detail["statusCode"] == code
    if state is State.PRIVATE:
        assert detail["userInfo"]["user"]["privateAccount"] is True
        assert detail["userInfo"]["statsV2"]["videoCount"] == "0"
        assert "This account is private" in got.text and "fetch(" not in got.text
    else:
        assert "userInfo" not in detail


def test_user_detail_api_shape(standin, big):
    body = get(standin.url, "/api/user/detail/", {"uniqueId": big.handle}).json()
    assert body["statusCode"] == 0 and body["userInfo"]["user"]["secUid"] == big.sec_uid
    by_sec_uid = get(standin.url, "/api/user/detail/", {"secUid": big.sec_uid}).json()
    assert by_sec_uid["userInfo"] == body["userInfo"]
    missing = get(standin.url, "/api/user/detail/", {"uniqueId": "no.such.user.zz"}).json()
    assert missing["statusCode"] == 10202 and missing["userInfo"] == {}


def test_tag_page_and_challenge_item_list_agree(standin_2024):
    got = get(standin_2024.url, "/tag/fyp")
    detail = got.scope()["webapp.challenge-detail"]
    assert detail["statusCode"] == 0
    info = detail["challengeInfo"]
    assert {"id", "title", "desc"} <= set(info["challenge"]) and info["challenge"]["title"] == "fyp"
    assert 'data-e2e="challenge-item-list"' in got.text and "fetch(" in got.text
    items, cursor = [], 0
    while True:
        body = get(
            standin_2024.url,
            "/api/challenge/item_list/",
            {"challengeID": info["challenge"]["id"], "cursor": cursor, "count": 30},
        ).json()
        assert body["statusCode"] == 0
        items += body["itemList"]
        if not body["hasMore"]:
            break
        cursor = body["cursor"]
    assert len(items) == info["stats"]["videoCount"] > 30
    assert sum(i["stats"]["playCount"] for i in items) == info["stats"]["viewCount"]
    assert all("fyp" in [c["title"] for c in i["challenges"]] for i in items)
    assert len({i["author"]["uniqueId"] for i in items}) > 5
    for item in items[:5]:
        _item_shape_ok(item)


def test_tag_page_unknown_hashtag_not_found_status(standin):
    assert get(standin.url, "/tag/nobodyusesthistag").scope()["webapp.challenge-detail"]["statusCode"] != 0


def test_music_page_trending_sound_and_item_list_agree(standin_2024, big):
    video = next(v for v in standin_2024.creator(big.handle).videos if not v.sound.original)
    got = get(standin_2024.url, music_path(video.sound.title, video.sound.tiktok_id))
    detail = got.scope()["webapp.music-detail"]
    assert detail["statusCode"] == 0
    info = detail["musicInfo"]
    assert info["music"]["id"] == video.sound.tiktok_id and "author" in info
    body = get(
        standin_2024.url,
        "/api/music/item_list/",
        {"musicID": video.sound.tiktok_id, "cursor": 0, "count": 30},
    ).json()
    assert body["statusCode"] == 0
    assert all(i["music"]["id"] == video.sound.tiktok_id for i in body["itemList"])
    assert len(body["itemList"]) == min(30, info["stats"]["videoCount"])


def test_music_page_original_sound_found_from_its_slug(standin):
    member = standin.population.largest(7)[6]
    video = next(v for v in standin.creator(member.handle).videos if v.sound.original)
    detail = get(standin.url, music_path(video.sound.title, video.sound.tiktok_id)).scope()[
        "webapp.music-detail"
    ]
    assert detail["statusCode"] == 0
    assert detail["musicInfo"]["author"]["uniqueId"] == member.handle
    assert detail["musicInfo"]["stats"]["videoCount"] == 1
    assert music_path(video.sound.title, video.sound.tiktok_id).startswith("/music/original-sound-")


def test_search_page_and_user_search_api(standin_2024, big):
    got = get(standin_2024.url, "/search/user", {"q": big.handle[:6]})
    assert (
        got.status == 200
        and 'data-e2e="search-user-list"' in got.text
        and "search-user-container" in got.text
    )
    body = get(standin_2024.url, "/api/search/user/full/", {"keyword": big.handle, "cursor": 0}).json()
    assert body["status_code"] == 0 and body["has_more"] in (0, 1) and isinstance(body["cursor"], int)
    first = body["user_list"][0]["user_info"]
    assert first["unique_id"] == big.handle and first["follower_count"] == big.followers
    assert {"uid", "unique_id", "nickname", "signature", "follower_count", "sec_uid", "avatar_thumb"} <= set(
        first
    )


def test_search_user_api_niche_keyword_pages_through_results(standin_2024):
    seen, cursor = [], 0
    while True:
        body = get(standin_2024.url, "/api/search/user/full/", {"keyword": "gymtok", "cursor": cursor}).json()
        seen += [u["user_info"]["unique_id"] for u in body["user_list"]]
        if not body["has_more"]:
            break
        cursor = body["cursor"]
    assert len(seen) == len(set(seen)) > 100
    assert all(standin_2024.population.get(h).niche == "fitness" for h in seen)


def test_unknown_path_404_tiktok_page(standin):
    got = get(standin.url, "/definitely/not/a/page")
    assert got.status == 404 and "Couldn't find this page" in got.text
    assert "webapp.not-found" in got.scope()


def test_asset_paths_serve_an_image(standin, big):
    avatar = standin.creator(big.handle).creator.avatar_url
    with urllib.request.urlopen(standin.url + avatar) as response:
        assert response.headers["Content-Type"].startswith("image/")
