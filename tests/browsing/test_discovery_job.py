"""The discovery job in a real browser: seeds in, similar creators saved to the niche with reasons."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from compass.discovery.kind import DISCOVER_KIND
from compass.jobs import Worker, enqueue, get_job
from compass.jobs.kinds import load_builtin_kinds
from compass.workspace import create_niche, exclude_member, list_members, set_seeds
from compass.workspace.users import get_or_create_user
from tests.standin import StandIn

pytestmark = pytest.mark.browser


@pytest.fixture
def scrapes_standin(standin: StandIn, monkeypatch: pytest.MonkeyPatch) -> StandIn:
    """Jobs of this process scrape the stand-in, with no politeness waits."""
    monkeypatch.setenv("COMPASS_TIKTOK_URL", standin.url)
    monkeypatch.setenv("COMPASS_SCRAPE_INTERVAL", "0")
    monkeypatch.setenv("COMPASS_SCRAPE_DELAY", "0")
    load_builtin_kinds()
    return standin


def test_discovery_job_saves_similar_creators_of_the_seeds_niche(
    scrapes_standin: StandIn, pg_engine: Engine
) -> None:
    standin = scrapes_standin
    engine = pg_engine
    user = get_or_create_user(engine, "https://issuer", "creator")
    seed = next(m for m in standin.population.largest(40) if m.niche == "cooking")
    niche = create_niche(engine, user, "Cooking")
    set_seeds(engine, user, niche.id, [("handle", seed.handle)])
    job = enqueue(engine, user.id, DISCOVER_KIND, {"niche_id": niche.id})
    assert Worker(engine).run_one()
    view = get_job(engine, user.id, job.id)
    assert view.status == "succeeded", view.error
    members = list_members(engine, user, niche.id)
    assert [(m.handle, m.source) for m in members if m.source == "seed"] == [(seed.handle, "seed")]
    discovered = [m for m in members if m.source == "discovered"]
    assert discovered and all(m.reason for m in discovered)
    cooking = {m.handle for m in standin.population.members if m.niche == "cooking"}
    assert sum(m.handle in cooking for m in discovered) / len(discovered) >= 0.8

    excluded = discovered[0]
    exclude_member(engine, user, niche.id, excluded.creator_id)
    enqueue(engine, user.id, DISCOVER_KIND, {"niche_id": niche.id})
    assert Worker(engine).run_one()
    again = {m.handle: m for m in list_members(engine, user, niche.id)}
    assert again[excluded.handle].excluded


def test_discovery_signed_out_reports_its_sources_and_follows_captions(
    scrapes_standin: StandIn, pg_engine: Engine
) -> None:
    standin = scrapes_standin
    user = get_or_create_user(pg_engine, "https://issuer", "creator")
    seed = next(m for m in standin.population.largest(40) if m.niche == "fitness")
    niche = create_niche(pg_engine, user, "Fitness")
    set_seeds(pg_engine, user, niche.id, [("handle", seed.handle), ("keyword", "gym")])
    job = enqueue(pg_engine, user.id, DISCOVER_KIND, {"niche_id": niche.id})
    assert Worker(pg_engine).run_one()
    view = get_job(pg_engine, user.id, job.id)
    assert view.status == "succeeded", view.error
    assert "skipped search 'gym' (TikTok search needs a TikTok session (COMPASS_TIKTOK_COOKIES))" in view.step
    reasons = " ".join(m.reason or "" for m in list_members(pg_engine, user, niche.id))
    assert f"by @{seed.handle}" in reasons  # a creator its captions mention, duet or stitch


def test_discovery_with_tiktok_out_of_reach_suggests_from_the_database(
    pg_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    from tests.discovery.niches import load_niche

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    monkeypatch.setenv("COMPASS_TIKTOK_URL", f"http://127.0.0.1:{closed}")
    load_builtin_kinds()
    pets = load_niche(pg_engine, "pets", 5, 10)  # as an import leaves them
    user = get_or_create_user(pg_engine, "https://issuer", "analyst")
    niche = create_niche(pg_engine, user, "Pets")
    set_seeds(pg_engine, user, niche.id, [("handle", pets[0]), ("hashtag", "dogsoftiktok")])
    job = enqueue(pg_engine, user.id, DISCOVER_KIND, {"niche_id": niche.id})
    assert Worker(pg_engine).run_one()
    view = get_job(pg_engine, user.id, job.id)
    assert view.status == "succeeded", view.error
    assert "Couldn't reach TikTok" in view.step and "Suggestions come from the database" in view.step
    discovered = [m for m in list_members(pg_engine, user, niche.id) if m.source == "discovered"]
    assert discovered and {m.handle for m in discovered} <= set(pets[1:])
