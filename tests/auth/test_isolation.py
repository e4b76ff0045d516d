"""Private workspaces, on PostgreSQL: user B can neither read nor change any of user A's rows.

Every user-scoped function is in one of the tables below, and a test fails when a new one is not
(:func:`test_isolation_matrix_covers_every_user_scoped_function`): adding a function to
``compass.workspace`` means saying here how another user is kept out of it.
"""

from __future__ import annotations

import inspect
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

import compass.workspace as workspace
import tests.jobs.kinds_for_tests  # noqa: F401 - registers the test job kinds
from compass.auth.sessions import create_session
from compass.demo import load_demo
from compass.discovery.kind import request_discovery
from compass.jobs.queue import JobNotFound
from compass.models import (
    AuditEntry,
    Creator,
    Niche,
    NicheDigest,
    NicheMember,
    NicheSeed,
    Recommendation,
    ScrapeJob,
    User,
    UserSession,
)
from compass.reanalysis.compute import compute_digest
from compass.reanalysis.kind import request_analysis
from compass.workspace import NotFound, account, audit
from compass.workspace.digests import digest_status, read_digest
from compass.workspace.users import get_or_create_user

try:  # written in parallel; in the matrix as soon as it exists
    from compass.workspace import recommendations as recommendation_store
    from compass.workspace.recommendations import RecommendationNotFound
except ImportError:  # pragma: no cover
    recommendation_store = None
    RecommendationNotFound = NotFound  # type: ignore[misc,assignment]

try:  # written in parallel too
    from compass.workspace import discovery as discovery_store
except ImportError:  # pragma: no cover
    discovery_store = None

REFUSED = (NotFound, JobNotFound, RecommendationNotFound)
SECRET_NAME = "Alice's secret launch plan"


@dataclass
class World:
    engine: Engine
    alice: User
    bob: User
    niche_id: int
    creators: list[int]
    job_id: int
    recommendation_id: int


@pytest.fixture
def world(pg_engine: Engine) -> World:
    engine = pg_engine
    alice = get_or_create_user(engine, "https://accounts.google.com", "alice-sub", email="alice@example.com")
    bob = get_or_create_user(engine, "https://accounts.google.com", "bob-sub", email="bob@example.com")
    with Session(engine, expire_on_commit=False) as session, session.begin():
        creators = [Creator(handle=f"public_{n}") for n in range(3)]
        session.add_all(creators)
    ids = [c.id for c in creators]
    niche = workspace.create_niche(engine, alice, SECRET_NAME)
    workspace.set_seeds(engine, alice, niche.id, [("handle", "@alice_handle"), ("hashtag", "#secretplan")])
    workspace.add_member(engine, alice, niche.id, ids[0])
    workspace.add_member(engine, alice, niche.id, ids[1])
    workspace.pin_member(engine, alice, niche.id, ids[0])
    workspace.update_settings(engine, alice, own_handle="alice_handle", timezone="Europe/Paris")
    job = workspace.request_job(engine, alice, "test.record", {"note": "alice's job"})
    create_session(engine, alice.id)
    with Session(engine, expire_on_commit=False) as session, session.begin():
        recommendation = Recommendation(
            user_id=alice.id,
            niche_id=niche.id,
            kind="hashtag",
            group="secretplan",
            title="Alice's idea",
            body="Post at dawn",
            expected_gain=0.2,
            confidence=0.7,
            evidence={},
        )
        session.add(recommendation)
    compute_digest(engine, alice, niche.id)
    return World(engine, alice, bob, niche.id, ids, job.id, recommendation.id)


def snapshot(engine: Engine, user_id: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the user's workspace, column by column."""

    def rows(model: type, *where: Any) -> list[tuple[Any, ...]]:
        columns = [c for c in model.__table__.columns if c.name != "last_used_at"]
        query = select(*columns).where(*where)
        return sorted(tuple(map(repr, r)) for r in session.execute(query))

    with Session(engine) as session:
        niche_ids = select(Niche.id).where(Niche.user_id == user_id).scalar_subquery()
        return {
            "users": rows(User, User.id == user_id),
            "niches": rows(Niche, Niche.user_id == user_id),
            "seeds": rows(NicheSeed, NicheSeed.niche_id.in_(niche_ids)),
            "members": rows(NicheMember, NicheMember.niche_id.in_(niche_ids)),
            "digests": rows(NicheDigest, NicheDigest.niche_id.in_(niche_ids)),
            "jobs": rows(ScrapeJob, ScrapeJob.user_id == user_id),
            "recommendations": rows(Recommendation, Recommendation.user_id == user_id),
            "audit": rows(AuditEntry, AuditEntry.user_id == user_id),
            "sessions": rows(UserSession, UserSession.user_id == user_id),
        }


# Calls that name one of A's rows: B must get "not found" and change nothing.
Call = Callable[[World, User], object]
TARGETED: dict[str, Call] = {
    "get_niche": lambda w, u: workspace.get_niche(w.engine, u, w.niche_id),
    "rename_niche": lambda w, u: workspace.rename_niche(w.engine, u, w.niche_id, "Stolen"),
    "delete_niche": lambda w, u: workspace.delete_niche(w.engine, u, w.niche_id),
    "set_seeds": lambda w, u: workspace.set_seeds(w.engine, u, w.niche_id, [("keyword", "stolen")]),
    "list_members": lambda w, u: workspace.list_members(w.engine, u, w.niche_id),
    "add_member": lambda w, u: workspace.add_member(w.engine, u, w.niche_id, w.creators[2]),
    "remove_member": lambda w, u: workspace.remove_member(w.engine, u, w.niche_id, w.creators[1]),
    "pin_member": lambda w, u: workspace.pin_member(w.engine, u, w.niche_id, w.creators[1]),
    "exclude_member": lambda w, u: workspace.exclude_member(w.engine, u, w.niche_id, w.creators[0]),
    "get_job": lambda w, u: workspace.get_job(w.engine, u, w.job_id),
    "cancel_job": lambda w, u: workspace.cancel_job(w.engine, u, w.job_id),
    "retry_job": lambda w, u: workspace.retry_job(w.engine, u, w.job_id),
    "digest_status": lambda w, u: digest_status(w.engine, u, w.niche_id),
    "read_digest": lambda w, u: read_digest(w.engine, u, w.niche_id),
    "compute_digest": lambda w, u: compute_digest(w.engine, u, w.niche_id),
    "request_analysis": lambda w, u: request_analysis(w.engine, u, w.niche_id),
    "request_discovery": lambda w, u: request_discovery(w.engine, u, w.niche_id),
}
if recommendation_store is not None:
    TARGETED |= {
        "get_recommendation": lambda w, u: recommendation_store.get_recommendation(
            w.engine, u.id, w.recommendation_id
        ),
        "mark_trying": lambda w, u: recommendation_store.mark_trying(w.engine, u.id, w.recommendation_id),
        "dismiss": lambda w, u: recommendation_store.dismiss(w.engine, u.id, w.recommendation_id),
        "mark_done": lambda w, u: recommendation_store.mark_done(w.engine, u.id, w.recommendation_id),
    }
if discovery_store is not None:
    TARGETED |= {
        "niche_seeds": lambda w, u: discovery_store.niche_seeds(w.engine, u, w.niche_id),
        "excluded_handles": lambda w, u: discovery_store.excluded_handles(w.engine, u, w.niche_id),
    }


def _export_text(w: World, u: User) -> str:
    with zipfile.ZipFile(io.BytesIO(account.export_account(w.engine, u))) as archive:
        return "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())


# Calls that read "mine": B's answer holds nothing of A's.
READS: dict[str, Callable[[World, User], str]] = {
    "list_niches": lambda w, u: repr(workspace.list_niches(w.engine, u)),
    "list_jobs": lambda w, u: repr(workspace.list_jobs(w.engine, u)),
    "get_settings": lambda w, u: repr(workspace.get_settings(w.engine, u)),
    "list_entries": lambda w, u: repr(audit.list_entries(w.engine, u)),
    "export_account": _export_text,
}
if recommendation_store is not None:
    READS["list_recommendations"] = lambda w, u: repr(
        recommendation_store.list_recommendations(w.engine, u.id)
    )

# Calls that write "mine": B's writes leave every row of A's as it was.
WRITES: dict[str, Call] = {
    "create_niche": lambda w, u: workspace.create_niche(w.engine, u, SECRET_NAME),
    "update_settings": lambda w, u: workspace.update_settings(w.engine, u, own_handle="bob", timezone="UTC"),
    "request_job": lambda w, u: workspace.request_job(w.engine, u, "test.record", {}),
    "delete_account": lambda w, u: account.delete_account(w.engine, u),
    "load_demo": lambda w, u: load_demo(w.engine, u.id, creators=4),
}

# Not user-scoped, so not in the matrix: reference data.
NOT_SCOPED = {"time_zones", "parse_seed_fields", "parse_seed_list"}  # pure: no user, no rows
ALICE_MARKERS = ("alice", "secretplan", "Europe/Paris", SECRET_NAME, "Alice's idea")


@pytest.mark.postgres
@pytest.mark.parametrize("name", sorted(TARGETED))
def test_isolation_other_users_row_is_not_found_and_unchanged(world: World, name: str) -> None:
    before = snapshot(world.engine, world.alice.id)
    with pytest.raises(REFUSED):
        TARGETED[name](world, world.bob)
    assert snapshot(world.engine, world.alice.id) == before


@pytest.mark.postgres
@pytest.mark.parametrize("name", sorted(TARGETED))
def test_isolation_owner_reaches_own_row(world: World, name: str) -> None:
    try:
        TARGETED[name](world, world.alice)
    except REFUSED as exc:  # pragma: no cover - the failure this test exists for
        pytest.fail(f"{name}: the owner was refused too, so B's refusal proves nothing ({exc})")
    except Exception:
        pass  # e.g. "only failed jobs can be retried": reached the row, refused on its state


@pytest.mark.postgres
@pytest.mark.parametrize("name", sorted(READS))
def test_isolation_listing_shows_none_of_another_users_rows(world: World, name: str) -> None:
    seen = READS[name](world, world.bob)
    assert not [marker for marker in ALICE_MARKERS if marker in seen]
    assert READS[name](world, world.alice) != seen  # A does see her own rows through the same call


@pytest.mark.postgres
@pytest.mark.parametrize("name", sorted(WRITES))
def test_isolation_writes_of_one_user_leave_the_other_unchanged(world: World, name: str) -> None:
    before = snapshot(world.engine, world.alice.id)
    WRITES[name](world, world.bob)
    assert snapshot(world.engine, world.alice.id) == before


def test_isolation_matrix_covers_every_user_scoped_function() -> None:
    scoped = {name for name in workspace.__all__ if inspect.isfunction(getattr(workspace, name))} - NOT_SCOPED
    scoped |= {"list_entries", "export_account", "delete_account", "load_demo"}
    scoped |= {"digest_status", "read_digest", "compute_digest", "request_analysis", "request_discovery"}
    if recommendation_store is not None:
        scoped |= {"get_recommendation", "mark_trying", "dismiss", "mark_done", "list_recommendations"}
    if discovery_store is not None:
        scoped |= {"niche_seeds", "excluded_handles"}
    covered = set(TARGETED) | set(READS) | set(WRITES)
    assert scoped - covered == set(), "add these to the isolation matrix"
