"""Fault injection: the configured rate, every kind's shape, transience, determinism, counters."""

from __future__ import annotations

import http.client
import time
import urllib.request

import pytest

from compass.tiktok import StatusKind, parse_page
from tests.standin import Rules, StandIn
from tests.standin.faults import KINDS, FaultPlan, parse_kinds
from tests.standin.helpers import get

# Faults are tested on the unsigned lists of 2024: the 2026 rules are tested in test_rules.py.
SMALL = dict(per_niche=30, prolific_per_niche=1, rules=Rules.of_era("2024"))


def _outcome(base: str, path: str, params: dict | None = None) -> str:
    """What a client sees: "ok", "challenge", "429", "500"..., "broken" (unreadable) or "reset"."""
    try:
        got = get(base, path, params, timeout=30)
    except (http.client.IncompleteRead, ConnectionError, http.client.RemoteDisconnected):
        return "reset"
    if got.status != 200:
        return str(got.status)
    result = parse_page(got.text)
    if result.status.kind is StatusKind.BLOCKED:
        return "challenge"
    return "ok" if result.status.ok else "broken"


def _api_paths(server: StandIn, n: int) -> list[tuple[str, dict]]:
    members = [m for m in server.population.members if m.state == "ok"]
    return [("/api/user/detail/", {"uniqueId": members[i % len(members)].handle, "n": i}) for i in range(n)]


@pytest.fixture(scope="module")
def faulty():
    with StandIn(seed=3, fault_rate=0.25, slow_seconds=(0.0, 0.05), **SMALL) as server:
        yield server


def test_faults_rate_about_configured_and_seen_by_clients(faulty):
    faulty.reset()
    outcomes = [_outcome(faulty.url, path, params) for path, params in _api_paths(faulty, 600)]
    stats = faulty.stats()
    assert stats["requests"]["api_user_detail"] == 600
    assert 0.19 < stats["faults_total"] / 600 < 0.31
    assert set(stats["faults"]) == set(KINDS)
    visible = sum(o != "ok" for o in outcomes)  # every kind but slow is visible
    assert visible == stats["faults_total"] - stats["faults"]["slow"]
    assert {"challenge", "429", "broken", "reset"} <= set(outcomes)
    assert {"500", "502", "503"} & set(outcomes)


def test_faults_transient_retry_same_url_succeeds(faulty):
    faulty.reset()
    for path, params in _api_paths(faulty, 40):
        for _attempt in range(20):
            if _outcome(faulty.url, path, params) == "ok":
                break
        else:
            pytest.fail(f"{path} {params} failed 20 times in a row")


def test_faults_reset_replays_the_same_faults(faulty):
    paths = _api_paths(faulty, 60)
    faulty.reset()
    first = [_outcome(faulty.url, p, q) for p, q in paths]
    first_stats = faulty.stats()
    faulty.reset()
    second = [_outcome(faulty.url, p, q) for p, q in paths]
    assert first == second
    assert faulty.stats()["fault_details"] == first_stats["fault_details"]


def test_faults_same_seed_other_server_same_faults(faulty):
    paths = _api_paths(faulty, 60)
    faulty.reset()
    here = [_outcome(faulty.url, p, q) for p, q in paths]
    with StandIn(seed=3, fault_rate=0.25, slow_seconds=(0.0, 0.05), **SMALL) as twin:
        assert [_outcome(twin.url, p, q) for p, q in paths] == here
    with StandIn(seed=4, fault_rate=0.25, slow_seconds=(0.0, 0.05), **SMALL) as other:
        assert [_outcome(other.url, p, q) for p, q in paths] != here


def _always(kind: str, **kwargs) -> StandIn:
    return StandIn(seed=1, fault_rate=1.0, faults=(kind,), **SMALL, **kwargs)


def test_fault_challenge_page_captcha_without_page_json():
    with _always("challenge") as server:
        handle = server.population.largest(1)[0].handle
        got = get(server.url, f"/@{handle}")
        assert got.status == 200
        assert "__UNIVERSAL_DATA_FOR_REHYDRATION__" not in got.text
        assert 'id="captcha-verify-container-main-page"' in got.text
        assert parse_page(got.text, url=f"https://www.tiktok.com/@{handle}").status.kind is StatusKind.BLOCKED
        assert server.stats()["fault_details"] == {"challenge:page": 1}


def test_fault_challenge_api_verify_status_10000():
    with _always("challenge") as server:
        member = server.population.largest(1)[0]
        got = get(server.url, "/api/post/item_list/", {"secUid": member.sec_uid, "cursor": 0})
        assert got.status == 200 and got.json()["statusCode"] == 10000
        result = parse_page(got.text)
        assert (result.status.kind, result.status.code) == (StatusKind.BLOCKED, 10000)


def test_fault_429_retry_after():
    with _always("429") as server:
        got = get(server.url, f"/@{server.population.members[0].handle}")
        assert got.status == 429
        assert 1 <= int(got.headers["Retry-After"]) <= 3


def test_fault_5xx_statuses():
    with _always("5xx") as server:
        statuses = {get(server.url, "/api/user/detail/", {"uniqueId": "x", "n": i}).status for i in range(40)}
        assert statuses == {500, 502, 503}


def test_fault_slow_delays_then_answers_normally():
    with _always("slow", slow_seconds=(0.4, 0.5)) as server:
        handle = server.population.largest(1)[0].handle
        started = time.perf_counter()
        got = get(server.url, f"/@{handle}")
        assert time.perf_counter() - started >= 0.4
        assert parse_page(got.text).profile == server.creator(handle).creator


def test_fault_broken_truncated_or_reset_bodies():
    with _always("broken") as server:
        member = server.population.largest(1)[0]
        seen = set()
        for n in range(30):
            params = {"secUid": member.sec_uid, "cursor": 0, "n": n}
            outcome = _outcome(server.url, "/api/post/item_list/", params)
            assert outcome in ("broken", "reset")
            seen.add(outcome)
        assert seen == {"broken", "reset"}
        assert set(server.stats()["fault_details"]) == {"broken:truncated", "broken:reset"}


def test_faults_never_touch_assets_or_control_endpoints():
    with StandIn(seed=1, fault_rate=1.0, **SMALL) as server:
        avatar = server.creator(server.population.largest(1)[0].handle).creator.avatar_url
        for _ in range(10):
            with urllib.request.urlopen(server.url + avatar) as response:
                assert response.status == 200
        stats = server.stats()
        assert stats["faults_total"] == 0 and stats["requests"] == {"asset": 10}


def test_parse_kinds_names_and_unknown():
    assert parse_kinds("429, 5xx,429") == ("429", "5xx")
    assert parse_kinds("all") == parse_kinds("") == KINDS
    with pytest.raises(ValueError, match="nope"):
        parse_kinds("429,nope")


def test_fault_plan_zero_rate_never_faults():
    plan = FaultPlan(0.0)
    assert all(plan.draw(f"/x{i}", api=True) is None for i in range(1000))
