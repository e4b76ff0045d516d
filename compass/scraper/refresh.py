"""Scheduled refreshes: every tracked creator is scraped again once per period.

Each scheduler's upkeep asks for the period's refresh job; the job's key is the period itself and
is kept once the job ran (``once=True``), so however many schedulers run, each period gets one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, or_, select

from compass.jobs.backoff import RetryPolicy
from compass.jobs.kinds import JOB_KINDS, JobKind, UpkeepOptions, register_kind, register_upkeep
from compass.jobs.queue import JobView, enqueue
from compass.models import Creator, NicheMember, User, utcnow

REFRESH_KIND = "refresh.tracked"
SCRAPE_KIND = "scrape.profile"
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


def period_start(now: datetime, every: timedelta) -> datetime:
    periods = (now - EPOCH) // every
    return EPOCH + periods * every


def enqueue_due_refreshes(engine: Engine, every: timedelta, now: datetime | None = None) -> JobView:
    start = period_start(now or utcnow(), every)
    return enqueue(
        engine,
        None,
        REFRESH_KIND,
        {"period_start": start.isoformat()},
        idempotency_key=f"refresh:{start.isoformat()}",
        once=True,
    )


def tracked_handles_due(engine: Engine, since: datetime) -> list[str]:
    """Creators in any niche (not excluded) and users' own handles not scraped since ``since``."""
    stale = or_(Creator.last_scraped_at.is_(None), Creator.last_scraped_at < since)
    with engine.connect() as connection:
        members = (
            connection.execute(
                select(Creator.handle)
                .join(NicheMember, NicheMember.creator_id == Creator.id)
                .where(NicheMember.excluded.is_(False), Creator.is_demo.is_(False), stale)
                .distinct()
            )
            .scalars()
            .all()
        )
        own = connection.execute(select(User.own_handle).where(User.own_handle.is_not(None))).scalars().all()
        scraped_own = set(
            connection.execute(select(Creator.handle).where(Creator.handle.in_(own), ~stale)).scalars()
        )
    return sorted(set(members) | {h for h in own if h and h not in scraped_own})


def _refresh(context: Any, params: dict[str, Any]) -> dict[str, Any]:
    since = datetime.fromisoformat(params["period_start"])
    handles = tracked_handles_due(context.engine, since)
    if SCRAPE_KIND not in JOB_KINDS:
        return {"summary": f"{len(handles)} creators due; no scraper is installed in this scheduler"}
    for index, handle in enumerate(handles):
        context.progress(index, len(handles), f"Queueing a refresh of @{handle}")
        enqueue(
            context.engine, None, SCRAPE_KIND, {"handle": handle}, idempotency_key=f"{SCRAPE_KIND}:{handle}"
        )
    return {"summary": f"Queued refreshes of {len(handles)} creators"}


@register_upkeep
def _queue_the_periods_refresh(engine: Engine, options: UpkeepOptions) -> None:
    enqueue_due_refreshes(engine, options.refresh_every)


# The refresh only reads the database and queues scrapes, so what fails it is the database for a
# moment (a lock, a dropped connection): it is tried again within seconds. Its key is kept once it
# ran, so a refresh that fails for good leaves the whole period unrefreshed: it gets more attempts.
REFRESH_RETRY = RetryPolicy(base_delay_s=5.0, max_delay_s=60.0, max_attempts=5)

register_kind(JobKind(REFRESH_KIND, "Refresh tracked creators", _refresh, retry_policy=REFRESH_RETRY))
