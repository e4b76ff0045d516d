"""Discovery without a browser: seeds already in the database find their niche's creators."""

from __future__ import annotations

from sqlalchemy import Engine, select

from compass.discovery.database import fingerprints
from compass.discovery.run import Seeds, discover
from compass.models import Creator
from tests.discovery.niches import load_niche


def test_discover_from_seed_handles_suggests_same_niche_creators_with_reasons(engine: Engine) -> None:
    pets = load_niche(engine, "pets", 5, 10)
    finance = load_niche(engine, "finance", 6, 10)
    result = discover(engine, Seeds(handles=(pets[0],)), exclude=(pets[1],))
    handles = [s.handle for s in result.suggestions]
    assert handles and set(handles) <= set(pets[2:])
    assert not set(handles) & set(finance)
    assert all(s.reasons for s in result.suggestions)


def test_discover_from_a_hashtag_seed_alone_finds_creators_using_it(engine: Engine) -> None:
    cooking = load_niche(engine, "cooking", 7, 10)
    load_niche(engine, "gaming", 8, 10)
    with engine.connect() as connection:
        first = connection.execute(select(Creator.id).where(Creator.handle == cooking[0])).scalar_one()
    tag = fingerprints(engine, [first])[first].hashtags.most_common(1)[0][0]
    result = discover(engine, Seeds(hashtags=(tag,)))
    assert result.suggestions and {s.handle for s in result.suggestions} <= set(cooking)
    assert any(f"#{tag}" in s.found_via for s in result.suggestions)
