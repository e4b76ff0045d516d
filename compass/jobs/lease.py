"""Leases: a worker claims a job in one statement, keeps it alive with heartbeats, and hands it back.

The claim is one UPDATE whose subquery takes the oldest runnable job ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so any number of schedulers can claim at once and each job goes to exactly one of them.
A worker that dies stops renewing its lease; any scheduler then puts the job back in the queue, or
fails it once its attempts are spent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, select, update

from compass.models import JobStatus, ScrapeJob, utcnow

JOBS = ScrapeJob.__table__


@dataclass(frozen=True)
class ClaimedJob:
    id: int
    kind: str
    params: dict[str, Any]
    attempts: int
    max_attempts: int
    user_id: int | None


def claim(engine: Engine, worker: str, lease: timedelta, kinds: list[str] | None = None) -> ClaimedJob | None:
    now = utcnow()
    runnable = and_(ScrapeJob.status == JobStatus.QUEUED, ScrapeJob.run_after <= now)
    if kinds is not None:
        runnable = and_(runnable, ScrapeJob.kind.in_(kinds))
    oldest = (
        select(ScrapeJob.id)
        .where(runnable)
        .order_by(ScrapeJob.run_after, ScrapeJob.id)
        .limit(1)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    statement = (
        update(ScrapeJob)
        .where(ScrapeJob.id == oldest, runnable)
        .values(
            status=JobStatus.RUNNING,
            lease_owner=worker,
            lease_expires_at=now + lease,
            attempts=ScrapeJob.attempts + 1,
            started_at=now,
            progress_step="Starting",
        )
        .returning(
            ScrapeJob.id,
            ScrapeJob.kind,
            ScrapeJob.params,
            ScrapeJob.attempts,
            ScrapeJob.max_attempts,
            ScrapeJob.user_id,
        )
    )
    with engine.begin() as connection:
        row = connection.execute(statement).first()
    return ClaimedJob(*row) if row else None


def renew(engine: Engine, job_id: int, worker: str, lease: timedelta, **progress: Any) -> tuple[bool, bool]:
    """Extends the lease (and records progress). Returns (still ours, cancel requested)."""
    with engine.begin() as connection:
        row = connection.execute(
            update(ScrapeJob)
            .where(
                ScrapeJob.id == job_id, ScrapeJob.lease_owner == worker, ScrapeJob.status == JobStatus.RUNNING
            )
            .values(lease_expires_at=utcnow() + lease, **progress)
            .returning(ScrapeJob.cancel_requested)
        ).first()
    return (row is not None, bool(row and row[0]))


def finish(
    engine: Engine,
    job_id: int,
    worker: str,
    status: JobStatus,
    *,
    error: str | None = None,
    step: str | None = None,
    run_after: datetime | None = None,
    refund_attempt: bool = False,
) -> bool:
    """Records the outcome and releases the lease; False when the lease was no longer ours."""
    values: dict[str, Any] = {
        "status": status,
        "lease_owner": None,
        "lease_expires_at": None,
        "last_error": error,
    }
    if step is not None:
        values["progress_step"] = step
    if status in (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED):
        values["finished_at"] = utcnow()
    if run_after is not None:
        values["run_after"] = run_after
    if refund_attempt:
        values["attempts"] = ScrapeJob.attempts - 1
    with engine.begin() as connection:
        result = connection.execute(
            update(ScrapeJob)
            .where(ScrapeJob.id == job_id, ScrapeJob.lease_owner == worker)
            .values(**values)
            .returning(ScrapeJob.id)
        ).first()
    return result is not None


def reclaim_expired(engine: Engine) -> tuple[int, int]:
    """Requeues running jobs whose lease ran out, or fails them when no attempt is left.

    Returns (requeued, failed).
    """
    now = utcnow()
    expired = and_(ScrapeJob.status == JobStatus.RUNNING, ScrapeJob.lease_expires_at < now)
    with engine.begin() as connection:
        failed = connection.execute(
            update(ScrapeJob)
            .where(expired, ScrapeJob.attempts >= ScrapeJob.max_attempts)
            .values(
                status=JobStatus.FAILED,
                finished_at=now,
                lease_owner=None,
                lease_expires_at=None,
                last_error="the worker running it stopped responding, and no attempts are left",
            )
            .returning(ScrapeJob.id)
        ).all()
        requeued = connection.execute(
            update(ScrapeJob)
            .where(expired)
            .values(
                status=JobStatus.QUEUED,
                lease_owner=None,
                lease_expires_at=None,
                run_after=now,
                last_error="the worker running it stopped responding; queued again",
                progress_step="Queued again after a worker stopped",
            )
            .returning(ScrapeJob.id)
        ).all()
    return len(requeued), len(failed)
