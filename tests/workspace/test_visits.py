"""The last visit of a niche: stored per niche for its owner alone, and brought by its own migration,
which upgrades and downgrades without touching the niches' other rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, inspect, select

from compass.migrations import current_revision, upgrade
from compass.models import Creator, NicheMember, NicheSeed, User, utcnow
from compass.workspace import NotFound, add_member, create_niche, set_seeds
from compass.workspace.users import get_or_create_user
from compass.workspace.visits import last_visit, mark_visit
from tests.support.migrations import downgrade

SEEN = datetime(2026, 3, 7, 9, 30, tzinfo=UTC)


def _user(engine: Engine, subject: str) -> User:
    return get_or_create_user(engine, "https://issuer.example", subject)


def test_a_niche_never_visited_has_no_last_visit(engine: Engine) -> None:
    alice = _user(engine, "alice")
    niche = create_niche(engine, alice, "Yoga")
    assert last_visit(engine, alice, niche.id) is None


def test_a_marked_visit_is_read_back_as_the_same_moment(engine: Engine) -> None:
    alice = _user(engine, "alice")
    niche = create_niche(engine, alice, "Yoga")
    assert mark_visit(engine, alice, niche.id, at=SEEN) == SEEN
    assert last_visit(engine, alice, niche.id) == SEEN
    later = SEEN + timedelta(days=2)
    mark_visit(engine, alice, niche.id, at=later)
    assert last_visit(engine, alice, niche.id) == later


def test_a_visit_is_marked_now_by_default(engine: Engine) -> None:
    alice = _user(engine, "alice")
    niche = create_niche(engine, alice, "Yoga")
    before = utcnow()
    marked = mark_visit(engine, alice, niche.id)
    assert before <= marked <= utcnow() and last_visit(engine, alice, niche.id) == marked


def test_visits_are_per_niche(engine: Engine) -> None:
    alice = _user(engine, "alice")
    yoga, pilates = create_niche(engine, alice, "Yoga"), create_niche(engine, alice, "Pilates")
    mark_visit(engine, alice, yoga.id, at=SEEN)
    assert last_visit(engine, alice, pilates.id) is None


def test_another_users_niche_is_not_found_and_its_visit_unchanged(engine: Engine) -> None:
    alice, bob = _user(engine, "alice"), _user(engine, "bob")
    niche = create_niche(engine, alice, "Yoga")
    mark_visit(engine, alice, niche.id, at=SEEN)
    with pytest.raises(NotFound):
        last_visit(engine, bob, niche.id)
    with pytest.raises(NotFound):
        mark_visit(engine, bob, niche.id, at=SEEN + timedelta(days=1))
    assert last_visit(engine, alice, niche.id) == SEEN


def test_a_missing_niche_is_not_found(engine: Engine) -> None:
    with pytest.raises(NotFound):
        mark_visit(engine, _user(engine, "alice"), 999_999)


# --- The migration ----------------------------------------------------------------------------------


def _niche_columns(engine: Engine) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns("niches")}


def test_migration_0005_downgrades_and_upgrades_keeping_the_niches_rows(fresh_engine: Engine) -> None:
    engine = fresh_engine
    alice = _user(engine, "alice")
    niche = create_niche(engine, alice, "Yoga")
    set_seeds(engine, alice, niche.id, [("hashtag", "#yoga")])
    with engine.begin() as connection:
        creator_id = connection.execute(Creator.__table__.insert().values(handle="ana")).inserted_primary_key[
            0
        ]
    add_member(engine, alice, niche.id, creator_id)
    mark_visit(engine, alice, niche.id, at=SEEN)

    downgrade(engine, "0004")
    assert current_revision(engine) == "0004" and "last_visit_at" not in _niche_columns(engine)
    # On SQLite a table copy would have dropped the niche and, by cascade, its seeds and members.
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(NicheSeed)).scalar_one() == 1
        assert connection.execute(select(func.count()).select_from(NicheMember)).scalar_one() == 1

    upgrade(engine, "0005")
    assert current_revision(engine) == "0005" and "last_visit_at" in _niche_columns(engine)
    assert last_visit(engine, alice, niche.id) is None
