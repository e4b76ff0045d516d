"""Discovery among creators already in the database: the niche's creators, not another niche's."""

from __future__ import annotations

from sqlalchemy import Engine, select

from compass.discovery.database import candidates_sharing, fingerprints
from compass.discovery.fingerprint import merge
from compass.discovery.scoring import rank
from compass.models import Creator
from tests.discovery.niches import load_niche


def test_candidates_sharing_seed_hashtags_come_from_the_seeds_niche(engine: Engine) -> None:
    fitness = load_niche(engine, "fitness", 1)
    cooking = load_niche(engine, "cooking", 2)
    with engine.connect() as connection:
        ids = dict(connection.execute(select(Creator.handle, Creator.id)).all())
    seed_ids = [ids[h] for h in fitness[:2]]
    prints = fingerprints(engine, seed_ids)
    seeds = merge(prints.values())
    found = candidates_sharing(engine, seeds, exclude_ids=seed_ids)
    handles = {h for h, i in ids.items() if i in found}
    assert handles and handles <= set(fitness[2:])
    assert not handles & set(cooking)

    candidate_prints = fingerprints(engine, found)
    ranked = rank([(candidate_prints[c], via) for c, via in found.items()], seeds)
    assert ranked and all(s.similarity > 0 for s in ranked)
    assert ranked[0].reasons and ranked[0].found_via
