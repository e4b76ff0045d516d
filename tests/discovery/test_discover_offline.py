"""Discovery without a browser: seeds already in the database find their niche's creators."""

from __future__ import annotations

from sqlalchemy import Engine, select

from compass.discovery.database import fingerprints
from compass.discovery.run import Seeds, discover
from compass.models import Creator
from compass.workspace import create_niche, list_members
from compass.workspace.discovery import save_suggestions
from compass.workspace.users import get_or_create_user
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


def test_saved_discovery_adds_the_seeds_and_own_profile_as_seed_members(engine: Engine) -> None:
    pets = load_niche(engine, "pets", 5, 10)
    user = get_or_create_user(engine, "https://issuer", "me")
    niche = create_niche(engine, user, "Pets")
    result = discover(engine, Seeds(handles=(pets[0], pets[1])))
    save_suggestions(engine, user, niche.id, result, own_handle=pets[0])
    members = {m.handle: m for m in list_members(engine, user, niche.id)}
    assert members[pets[0]].source == "seed" and members[pets[0]].reason == "your own profile"
    assert members[pets[1]].source == "seed" and members[pets[1]].reason == "a seed of this niche"
    assert sum(m.source == "discovered" for m in members.values()) >= 1
