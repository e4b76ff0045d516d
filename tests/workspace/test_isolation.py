"""Private workspaces, on PostgreSQL: user B can neither read nor change any of user A's rows.

The matrix is checked against the code: :func:`public_functions` finds every public function of every
module of ``compass.workspace``, and :func:`test_isolation_matrix_covers_every_workspace_function` fails
for one that is neither in the matrix nor, with its reason, in ``TAKES_NO_USER``. Adding a function to
the workspace means saying here how another user is kept out of it.
"""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

import compass.workspace
import tests.jobs.kinds_for_tests  # noqa: F401 - registers the test job kinds
from compass.analytics.features import Features
from compass.analytics.recommend import Recommendation as Advice
from compass.analytics.tracking import Outcome
from compass.auth.sessions import create_session
from compass.demo import load_demo
from compass.discovery.kind import request_discovery
from compass.discovery.run import Discovery
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
from compass.reanalysis.basis import Basis
from compass.reanalysis.compute import compute_digest
from compass.reanalysis.kind import request_analysis
from compass.workspace import (
    account,
    audit,
    digests,
    jobs,
    members,
    niches,
    recommendations,
    settings,
    visits,
)
from compass.workspace import discovery as found_creators
from compass.workspace.owner import NotFound
from compass.workspace.recommendations import RecommendationNotFound
from compass.workspace.users import get_or_create_user

REFUSED = (NotFound, JobNotFound, RecommendationNotFound)
SECRET_NAME = "Alice's secret launch plan"


def public_functions(package: ModuleType) -> set[str]:
    """Every public function defined in the package or in any of its modules, subpackages included,
    named relative to the package ("niches.get_niche"); one defined in the package itself keeps its
    full name. Imported names are left to the module that defines them."""
    modules = [package]
    for found in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
        modules.append(importlib.import_module(found.name))
    return {
        f"{module.__name__.removeprefix(f'{package.__name__}.')}.{name}"
        for module in modules
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and function.__module__ == module.__name__
    }


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
    niche = niches.create_niche(engine, alice, SECRET_NAME)
    niches.set_seeds(engine, alice, niche.id, [("handle", "@alice_handle"), ("hashtag", "#secretplan")])
    members.add_member(engine, alice, niche.id, ids[0])
    members.add_member(engine, alice, niche.id, ids[1])
    members.pin_member(engine, alice, niche.id, ids[0])
    settings.update_settings(engine, alice, own_handle="alice_handle", timezone="Europe/Paris")
    job = jobs.request_job(engine, alice, "test.record", {"note": "alice's job"})
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
    visits.mark_visit(engine, alice, niche.id)
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


# What the calls below hand over besides the user: each is valid, so that only ownership can refuse it.
EMPTY_BASIS = Basis(own_handle=None, timezone="UTC", members=0, member_ids=0, change_mark=0)
NO_VIDEOS = Features(
    videos=pd.DataFrame({"creator": [], "posted_s": [], "captured_s": [], "views": []}),
    hashtags=pd.DataFrame({"video": [], "tag": []}),
    tag_names=np.array([], dtype=object),
    creators=pd.DataFrame(),
    tz="UTC",
)
WAITING = Outcome(
    status="waiting",
    started_at="2026-01-01",
    videos_before=0,
    videos_after=0,
    share_before=None,
    share_after=None,
    change=None,
    ci_low=None,
    ci_high=None,
    niche_change=None,
    adjusted_change=None,
    text="not enough videos yet",
)
STOLEN_ADVICE = Advice("hashtag", "stolen", "more", "Bob's idea", "", 0.1, 0.5, 0.0, 0.0)


def _owned_niche(w: World, u: User) -> str:
    with Session(w.engine) as session:
        return niches.owned_niche(session, u, w.niche_id).name


def _save_suggestions(w: World, u: User) -> int:
    found = Discovery(suggestions=[], creator_ids={}, seed_ids={"public_2": w.creators[2]})
    return found_creators.save_suggestions(w.engine, u, w.niche_id, found)


# Calls that name one of A's rows: B must get "not found" and change nothing. Workspace functions are
# named by module; entry points outside the workspace that act for a user, in full.
Call = Callable[[World, User], object]
TARGETED: dict[str, Call] = {
    "niches.owned_niche": _owned_niche,
    "niches.get_niche": lambda w, u: niches.get_niche(w.engine, u, w.niche_id),
    "niches.rename_niche": lambda w, u: niches.rename_niche(w.engine, u, w.niche_id, "Stolen"),
    "niches.delete_niche": lambda w, u: niches.delete_niche(w.engine, u, w.niche_id),
    "niches.set_seeds": lambda w, u: niches.set_seeds(w.engine, u, w.niche_id, [("keyword", "stolen")]),
    "members.list_members": lambda w, u: members.list_members(w.engine, u, w.niche_id),
    "members.add_member": lambda w, u: members.add_member(w.engine, u, w.niche_id, w.creators[2]),
    "members.remove_member": lambda w, u: members.remove_member(w.engine, u, w.niche_id, w.creators[1]),
    "members.pin_member": lambda w, u: members.pin_member(w.engine, u, w.niche_id, w.creators[1]),
    "members.exclude_member": lambda w, u: members.exclude_member(w.engine, u, w.niche_id, w.creators[0]),
    "jobs.get_job": lambda w, u: jobs.get_job(w.engine, u, w.job_id),
    "jobs.cancel_job": lambda w, u: jobs.cancel_job(w.engine, u, w.job_id),
    "jobs.retry_job": lambda w, u: jobs.retry_job(w.engine, u, w.job_id),
    "digests.digest_status": lambda w, u: digests.digest_status(w.engine, u, w.niche_id),
    "digests.read_digest": lambda w, u: digests.read_digest(w.engine, u, w.niche_id),
    "digests.save_digest": lambda w, u: digests.save_digest(w.engine, u, w.niche_id, EMPTY_BASIS, None, 0.0),
    "discovery.niche_seeds": lambda w, u: found_creators.niche_seeds(w.engine, u, w.niche_id),
    "discovery.excluded_handles": lambda w, u: found_creators.excluded_handles(w.engine, u, w.niche_id),
    "discovery.member_ids": lambda w, u: found_creators.member_ids(w.engine, u, w.niche_id),
    "discovery.save_suggestions": _save_suggestions,
    "visits.last_visit": lambda w, u: visits.last_visit(w.engine, u, w.niche_id),
    "visits.mark_visit": lambda w, u: visits.mark_visit(w.engine, u, w.niche_id),
    "recommendations.get_recommendation": lambda w, u: recommendations.get_recommendation(
        w.engine, u.id, w.recommendation_id
    ),
    "recommendations.mark_trying": lambda w, u: recommendations.mark_trying(
        w.engine, u.id, w.recommendation_id
    ),
    "recommendations.dismiss": lambda w, u: recommendations.dismiss(w.engine, u.id, w.recommendation_id),
    "recommendations.mark_done": lambda w, u: recommendations.mark_done(w.engine, u.id, w.recommendation_id),
    "recommendations.record_outcome": lambda w, u: recommendations.record_outcome(
        w.engine, u.id, w.recommendation_id, WAITING
    ),
    "recommendations.save_recommendations": lambda w, u: recommendations.save_recommendations(
        w.engine, u.id, [STOLEN_ADVICE], niche_id=w.niche_id
    ),
    "compass.reanalysis.compute.compute_digest": lambda w, u: compute_digest(w.engine, u, w.niche_id),
    "compass.reanalysis.kind.request_analysis": lambda w, u: request_analysis(w.engine, u, w.niche_id),
    "compass.discovery.kind.request_discovery": lambda w, u: request_discovery(w.engine, u, w.niche_id),
}

# Holes the matrix has found and that are not closed yet: each test below fails once its hole is closed
# (strict), so that the entry goes.
KNOWN_HOLES: dict[str, str] = {}


def _export_text(w: World, u: User) -> str:
    with zipfile.ZipFile(io.BytesIO(account.export_account(w.engine, u))) as archive:
        return "\n".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())


# Calls that read "mine": B's answer holds nothing of A's.
READS: dict[str, Callable[[World, User], str]] = {
    "niches.list_niches": lambda w, u: repr(niches.list_niches(w.engine, u)),
    "jobs.list_jobs": lambda w, u: repr(jobs.list_jobs(w.engine, u)),
    "settings.get_settings": lambda w, u: repr(settings.get_settings(w.engine, u)),
    "audit.list_entries": lambda w, u: repr(audit.list_entries(w.engine, u)),
    "account.export_account": _export_text,
    "recommendations.list_recommendations": lambda w, u: repr(
        recommendations.list_recommendations(w.engine, u.id)
    ),
}

# Calls that write "mine": B's writes leave every row of A's as it was.
WRITES: dict[str, Call] = {
    "niches.create_niche": lambda w, u: niches.create_niche(w.engine, u, SECRET_NAME),
    "settings.update_settings": lambda w, u: settings.update_settings(
        w.engine, u, own_handle="bob", timezone="UTC"
    ),
    "jobs.request_job": lambda w, u: jobs.request_job(w.engine, u, "test.record", {}),
    "account.delete_account": lambda w, u: account.delete_account(w.engine, u),
    # niche_id only narrows the user's own recommendations: A's niche id reaches none of A's.
    "recommendations.track_outcomes": lambda w, u: recommendations.track_outcomes(
        w.engine, u.id, NO_VIDEOS, 0, niche_id=w.niche_id
    ),
    "compass.demo.load_demo": lambda w, u: load_demo(w.engine, u.id, creators=4),
}

# Workspace functions that act for no signed-in user, so there is no other user to keep out; each with
# the reason it needs none.
TAKES_NO_USER: dict[str, str] = {
    "niches.normalize_seed": "pure: checks one seed's text",
    "niches.parse_seed_list": "pure: reads the onboarding box's text",
    "niches.parse_seed_fields": "pure: reads the Discover form's text",
    "settings.time_zones": "reference data: the names of the time zones",
    "settings.clean_handle": "pure: checks a handle's text",
    "settings.clean_timezone": "pure: checks a time zone's name",
    "users.get_or_create_user": "sign-in: finds the user from the provider's (issuer, subject); no owner yet",
    "users.local_user": "sign-in without a provider: the one local user; no owner yet",
    "audit.record": (
        "writes the entry it is handed, about the user its caller names (no one for a failed sign-in); "
        "reading entries back is audit.list_entries, in the matrix"
    ),
    "audit.list_failed_sign_ins": "operators and tests: refused sign-ins belong to no user; never on a page",
}
ALICE_MARKERS = ("alice", "secretplan", "Europe/Paris", SECRET_NAME, "Alice's idea")


def _unless_known_hole(names: dict[str, Any]) -> list[Any]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_HOLES[name]))
        if name in KNOWN_HOLES
        else name
        for name in sorted(names)
    ]


@pytest.mark.postgres
@pytest.mark.parametrize("name", _unless_known_hole(TARGETED))
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


def test_isolation_matrix_covers_every_workspace_function() -> None:
    found = public_functions(compass.workspace)
    in_matrix = set(TARGETED) | set(READS) | set(WRITES)
    unchecked = found - in_matrix - set(TAKES_NO_USER)
    assert not unchecked, (
        "say in the isolation matrix how another user is kept out of these (or, if they take no user, "
        f"why in TAKES_NO_USER): {sorted(unchecked)}"
    )
    named = {
        name for name in in_matrix | set(TAKES_NO_USER) | set(KNOWN_HOLES) if not name.startswith("compass.")
    }
    assert named - found == set(), "no such workspace function any more: drop it from the matrix"


def test_public_functions_finds_every_modules_own_public_functions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What keeps the matrix honest: a new function anywhere in the package is found, whatever its module."""
    package = tmp_path / "isolation_probe"
    (package / "rooms").mkdir(parents=True)
    (package / "__init__.py").write_text("def at_the_door(engine, user): ...\n")
    (package / "niches.py").write_text(
        "from os.path import join\n\n\ndef peek(engine, user, niche_id): ...\n"
    )
    (package / "rooms" / "__init__.py").write_text("")
    (package / "rooms" / "attic.py").write_text("def rummage(engine, user): ...\n\n\ndef _dust(): ...\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    found = public_functions(importlib.import_module("isolation_probe"))
    assert found == {"isolation_probe.at_the_door", "niches.peek", "rooms.attic.rummage"}
