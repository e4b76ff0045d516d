"""What a page does to the user's workspace, bound to the app's engine, and refusals shown in words.

Pages call these instead of ``compass.workspace`` with an engine: they never see the engine, and a
convention test holds them to importing the web layer only. Each function is the workspace's own,
checked there against the signed-in user.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import streamlit as st

from compass.alerts import AlertReport, niche_alerts
from compass.demo import DemoSummary, load_demo
from compass.discovery.kind import request_discovery
from compass.errors import CompassError
from compass.jobs.queue import JobView
from compass.scraper.refresh import SCRAPE_KIND
from compass.web.gate import account_deleted
from compass.web.runtime import engine
from compass.workspace import (
    MemberView,
    NicheView,
    Owner,
    UserSettings,
    cancel_job,
    create_niche,
    exclude_member,
    list_jobs,
    list_members,
    list_niches,
    parse_seed_fields,
    parse_seed_list,
    pin_member,
    remove_member,
    request_job,
    retry_job,
    set_seeds,
    time_zones,
    update_settings,
)
from compass.workspace.account import delete_account, export_account
from compass.workspace.niches import Seed
from compass.workspace.recommendations import (
    StoredRecommendation,
    dismiss,
    list_recommendations,
    mark_done,
    mark_trying,
)
from compass.workspace.visits import mark_visit

__all__ = [
    "account_export",
    "cancel",
    "delete_my_account",
    "dismiss_recommendation",
    "finish_recommendation",
    "discover",
    "errors_shown",
    "exclude",
    "jobs",
    "load_demo_workspace",
    "members",
    "new_niche",
    "niches",
    "parse_seed_fields",
    "parse_seed_list",
    "pin",
    "scrape_profile",
    "recommendations",
    "remove",
    "retry",
    "save_settings",
    "set_niche_seeds",
    "start_niche",
    "time_zones",
    "try_recommendation",
    "whats_new",
]


@contextmanager
def errors_shown() -> Iterator[None]:
    """Runs the block; a refusal (bad input, a limit, another user's row) ends it as a sentence on the
    page instead of a traceback, and the page goes on."""
    try:
        yield
    except CompassError as exc:
        st.error(str(exc))


def whats_new(user: Owner, niche_id: int) -> AlertReport:
    """The niche's alerts since the user's last visit. Read once per browser session and niche: the visit
    is recorded as they are first shown, and they stay on the page while the user works (every click
    reruns the page, which must not make them vanish)."""
    key = f"whats-new-{user.id}-{niche_id}"
    if key not in st.session_state:
        report = niche_alerts(engine(), user, niche_id)
        mark_visit(engine(), user, niche_id, at=report.until)
        st.session_state[key] = report
    return st.session_state[key]


def niches(user: Owner) -> list[NicheView]:
    return list_niches(engine(), user)


def jobs(user: Owner, *, limit: int = 200) -> list[JobView]:
    return list_jobs(engine(), user, limit=limit)


def new_niche(user: Owner, name: str) -> NicheView:
    return create_niche(engine(), user, name)


def set_niche_seeds(user: Owner, niche_id: int, seeds: Sequence[Seed]) -> None:
    set_seeds(engine(), user, niche_id, list(seeds))


def discover(user: Owner, niche_id: int) -> JobView:
    return request_discovery(engine(), user, niche_id)


def pin(user: Owner, niche_id: int, creator_id: int, pinned: bool) -> None:
    pin_member(engine(), user, niche_id, creator_id, pinned)


def exclude(user: Owner, niche_id: int, creator_id: int, excluded: bool) -> None:
    exclude_member(engine(), user, niche_id, creator_id, excluded)


def remove(user: Owner, niche_id: int, creator_id: int) -> None:
    remove_member(engine(), user, niche_id, creator_id)


def scrape_profile(user: Owner, handle: str, videos: int = 0) -> JobView:
    """Queues a scrape of ``@handle`` (``videos`` = 0: every video); asking again while it is queued
    returns the same job."""
    name = handle.strip().lstrip("@")
    params: dict[str, object] = {"handle": name, **({"videos": int(videos)} if videos else {})}
    key = f"scrape:{name.lower()}:{int(videos)}"
    return request_job(engine(), user, SCRAPE_KIND, params, idempotency_key=key)


def cancel(user: Owner, job_id: int) -> JobView:
    return cancel_job(engine(), user, job_id)


def retry(user: Owner, job_id: int) -> JobView:
    return retry_job(engine(), user, job_id)


def save_settings(user: Owner, **changes: object) -> UserSettings:
    """Changes the given settings only (``own_handle``, ``timezone``); ``own_handle=None`` clears it."""
    return update_settings(engine(), user, **changes)


def load_demo_workspace(user: Owner) -> DemoSummary:
    return load_demo(engine(), user.id)


def account_export(user: Owner) -> bytes:
    return export_account(engine(), user)


def delete_my_account(user: Owner) -> None:
    """Deletes the account, signs out, and ends on a page that says it was deleted."""
    delete_account(engine(), user)
    account_deleted()


def members(user: Owner, niche_id: int) -> list[MemberView]:
    """The niche's creators, excluded ones too: pinned first, then by followers."""
    return list_members(engine(), user, niche_id)


def recommendations(user: Owner, niche_id: int) -> list[StoredRecommendation]:
    """The niche's stored recommendations, best first; the analysis writes them, the page only reads."""
    return list_recommendations(engine(), user.id, niche_id=niche_id)


def try_recommendation(user: Owner, recommendation_id: int) -> None:
    mark_trying(engine(), user.id, recommendation_id)


def dismiss_recommendation(user: Owner, recommendation_id: int) -> None:
    dismiss(engine(), user.id, recommendation_id)


def finish_recommendation(user: Owner, recommendation_id: int) -> None:
    mark_done(engine(), user.id, recommendation_id)


def start_niche(user: Owner, *, handle: str, name: str, seeds: str, timezone: str) -> NicheView:
    """Onboarding: the seeds are checked before anything is stored, then your handle and time zone, the
    niche, its seeds and a discovery job."""
    entries = parse_seed_list(seeds)
    if not name.strip():
        raise CompassError("name your niche, e.g. Home workouts")
    if handle.strip():
        update_settings(engine(), user, own_handle=handle, timezone=timezone)
    else:
        update_settings(engine(), user, timezone=timezone)
    niche = create_niche(engine(), user, name)
    set_seeds(engine(), user, niche.id, entries)
    request_discovery(engine(), user, niche.id)
    return niche
