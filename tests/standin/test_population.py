"""The stand-in's population: its size and states, determinism, laziness, ``--list``."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from compass.synthetic import NicheGenerator
from tests.standin.population import CAPTURED_AT, Population, State

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def population() -> Population:
    return Population(seed=5)


def test_population_default_size_few_thousand_with_every_state(population):
    counts = Counter(m.state for m in population.members)
    total = len(population.members)
    assert 2500 <= total <= 3500
    for state, share in ((State.PRIVATE, 0.03), (State.MISSING, 0.02), (State.BANNED, 0.02)):
        assert share * 0.5 < counts[state] / total < share * 1.6, (state, counts[state])
    assert counts[State.OK] / total > 0.9


def test_population_at_least_twenty_creators_with_500_to_800_videos(population):
    big = [m for m in population.members if 500 <= m.videos <= 800]
    assert len(big) >= 20
    assert all(m.state is State.OK for m in big)
    assert population.largest(1)[0].videos == max(m.videos for m in population.members)


def test_population_followers_heavy_tailed(population):
    followers = sorted(m.followers for m in population.members)
    median, top = followers[len(followers) // 2], followers[-len(followers) // 100]
    assert 10_000 < median < 100_000
    assert top > 50 * median  # the top 1% dwarfs the median


def test_population_handles_unique_and_looked_up_case_insensitively(population):
    handles = [m.handle for m in population.members]
    assert len(handles) == len(set(handles))
    member = population.members[123]
    assert population.get("@" + member.handle.upper()) is member


def test_population_same_seed_same_index_and_values():
    a, b = Population(seed=9, per_niche=40), Population(seed=9, per_niche=40)
    assert a.to_json() == b.to_json()
    member = a.largest(1)[0]
    assert a.observation(member.handle) == b.observation(member.handle)


def test_population_other_seed_other_creators():
    a, b = Population(seed=9, per_niche=40), Population(seed=10, per_niche=40)
    assert {m.handle for m in a.members}.isdisjoint({m.handle for m in b.members})


def test_population_index_build_is_lazy_and_reported(population, record_property):
    started = time.perf_counter()
    fresh = Population(seed=6)
    elapsed = time.perf_counter() - started
    record_property("standin_index_seconds", round(elapsed, 3))
    print(f"\nstand-in population index: {len(fresh.members)} creators in {elapsed:.2f} s")
    assert fresh.cached_accounts == 0  # no creator generated at start-up
    assert fresh.build_seconds <= elapsed


def test_population_observation_equals_synthetic_creator_with_served_urls(population):
    member = population.largest(3)[2]
    served = population.observation(member.handle)
    generated = NicheGenerator(population.generators[member.slot].spec).creator(member.index, CAPTURED_AT)
    assert served.creator.handle == generated.creator.handle
    assert served.creator.stats.followers == generated.creator.stats.followers
    assert served.creator.stats.video_count == len(generated.videos) == member.videos
    assert {v.tiktok_id: v.stats for v in served.videos} == {v.tiktok_id: v.stats for v in generated.videos}
    assert all(v.cover_url and v.cover_url.startswith("/obj/") for v in served.videos)


def test_population_observation_order_pinned_first_then_newest(population):
    videos = population.observation(population.largest(1)[0].handle).videos
    pinned = [v for v in videos if v.is_pinned]
    assert videos[: len(pinned)] == tuple(pinned)
    rest = videos[len(pinned) :]
    assert all(a.posted_at >= b.posted_at for a, b in zip(rest, rest[1:], strict=False))


def test_population_observation_states(population):
    private = population.with_state(State.PRIVATE)[0]
    observation = population.observation(private.handle)
    assert observation.creator.private is True
    assert observation.creator.stats.video_count == 0 and observation.videos == ()
    assert private.videos == 0
    for state in (State.MISSING, State.BANNED):
        assert population.observation(population.with_state(state)[0].handle) is None
    assert population.observation("no.such.handle.anywhere") is None


def test_standin_list_prints_the_rules_and_the_population_json():
    completed = subprocess.run(
        [sys.executable, "-m", "tests.standin", "--list", "--seed", "5", "--per-niche", "20"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    listing = json.loads(completed.stdout)
    assert listing["rules"][0] == "era 2026"
    assert any(line.startswith("on   login wall") for line in listing["rules"])
    listed = listing["creators"]
    assert listed == Population(seed=5, per_niche=20).to_json()
    assert {"handle", "videos", "state", "niche", "followers"} <= set(listed[0])
    assert {row["state"] for row in listed} <= {"ok", "private", "missing", "banned"}
    assert all(row["videos"] == 0 for row in listed if row["state"] != "ok")
