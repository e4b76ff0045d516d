"""Discovery without a browser: seeds already in the database find their niche's creators."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, select

from compass.discovery.database import fingerprints
from compass.discovery.run import Seeds, discover
from compass.ingest import ingest
from compass.models import Creator
from compass.synthetic import NicheSpec, generate_niche

END = datetime(2025, 6, 1, tzinfo=UTC)


def load(engine: Engine, name: str, seed: int) -> list[str]:
    spec = NicheSpec(name=name, n_creators=10, videos_per_creator=(20, 40), start=datetime(2025, 1, 1, tzinfo=UTC),
                     end=END, seed=seed)
    observations = generate_niche(spec, captured_at=END)
    ingest(engine, observations)
    return [o.creator.handle for o in observations]


def test_discover_from_seed_handles_suggests_same_niche_creators_with_reasons(engine: Engine) -> None:
    pets = load(engine, "pets", 5)
    finance = load(engine, "finance", 6)
    result = discover(engine, Seeds(handles=(pets[0],)), exclude=(pets[1],))
    handles = [s.handle for s in result.suggestions]
    assert handles and set(handles) <= set(pets[2:])
    assert not set(handles) & set(finance)
    assert all(s.reasons for s in result.suggestions)


def test_discover_from_a_hashtag_seed_alone_finds_creators_using_it(engine: Engine) -> None:
    cooking = load(engine, "cooking", 7)
    load(engine, "gaming", 8)
    with engine.connect() as connection:
        first = connection.execute(select(Creator.id).where(Creator.handle == cooking[0])).scalar_one()
    tag = fingerprints(engine, [first])[first].hashtags.most_common(1)[0][0]
    result = discover(engine, Seeds(hashtags=(tag,)))
    assert result.suggestions and {s.handle for s in result.suggestions} <= set(cooking)
    assert any(f"#{tag}" in s.found_via for s in result.suggestions)
