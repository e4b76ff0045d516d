"""Discovery among creators already in the database: the niche's creators, not another niche's."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, select

from compass.discovery.database import candidates_sharing, fingerprints
from compass.discovery.fingerprint import merge
from compass.discovery.scoring import rank
from compass.ingest import ingest
from compass.models import Creator
from compass.synthetic import NicheSpec, generate_niche

END = datetime(2025, 6, 1, tzinfo=UTC)


def load(engine: Engine, name: str, seed: int) -> list[str]:
    spec = NicheSpec(name=name, n_creators=12, videos_per_creator=(20, 40), start=datetime(2025, 1, 1, tzinfo=UTC),
                     end=END, seed=seed)
    observations = generate_niche(spec, captured_at=END)
    ingest(engine, observations)
    return [o.creator.handle for o in observations]


def test_candidates_sharing_seed_hashtags_come_from_the_seeds_niche(engine: Engine) -> None:
    fitness = load(engine, "fitness", 1)
    cooking = load(engine, "cooking", 2)
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
