"""Asking for work: enqueue, list, cancel and retry jobs. Every call names whose jobs it touches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from compass.errors import CompassError
from compass.jobs.kinds import JOB_KINDS, describe
from compass.models import JobStatus, ScrapeJob, utcnow

ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
MAX_ACTIVE_JOBS_PER_USER = 25


class JobNotFound(CompassError):
    pass


@dataclass(frozen=True)
class JobView:
    """A job as lists and the app show it."""

    id: int
    kind: str
    description: str
    status: str
    attempts: int
    max_attempts: int
    done: int
    total: int | None
    step: str | None
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    params: dict[str, Any]

    @classmethod
    def of(cls, job: ScrapeJob) -> JobView:
        return cls(
            id=job.id,
            kind=job.kind,
            description=describe(job.kind, job.params),
            status=JobStatus(job.status).value,
            attempts=job.attempts,
            max_attempts=job.max_attempts,
            done=job.progress_done,
            total=job.progress_total,
            step=job.progress_step,
            error=job.last_error,
            created_at=job.created_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
            params=dict(job.params),
        )

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return min(1.0, self.done / self.total)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "description": self.description,
            "status": self.status,
            "attempts": self.attempts,
            "progress": {"done": self.done, "total": self.total, "step": self.step},
            "error": self.error,
            "params": self.params,
            "created_at": self.created_at.isoformat(),
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
        }


def enqueue(
    engine: Engine,
    user_id: int | None,
    kind: str,
    params: dict[str, Any],
    *,
    idempotency_key: str | None = None,
    max_attempts: int | None = None,
    limit: int = MAX_ACTIVE_JOBS_PER_USER,
    once: bool = False,
    session: Session | None = None,
) -> JobView:
    """Queues a job, or returns the queued or running job that already holds the same key.

    With ``once``, a finished job keeps its key too: the job runs once ever for that key (periodic
    work keyed by its period). Without it, asking again after the job finished means a fresh run.
    ``max_attempts`` defaults to the kind's retry policy's; the job keeps it from then on.
    Pass ``session`` to queue the job in the caller's transaction, so that it commits or rolls back with
    the caller's other writes (the audit entry of the request).
    """
    if kind not in JOB_KINDS:
        raise CompassError(f"unknown job kind {kind!r} (known: {', '.join(sorted(JOB_KINDS))})")
    registered = JOB_KINDS[kind]
    if max_attempts is None:
        max_attempts = registered.retry_policy.max_attempts
    if registered.prepare is not None:
        try:
            params = registered.prepare(params)
        except ValueError as exc:
            raise CompassError(str(exc)) from None
    scoped_key = f"{user_id or 'system'}:{idempotency_key}" if idempotency_key else None
    lost_race = CompassError(f"could not queue {kind}: the same request is being queued elsewhere; try again")
    if session is not None:
        try:
            return _enqueue_once(session, user_id, kind, params, scoped_key, max_attempts, limit, once)
        except IntegrityError:
            raise lost_race from None  # the failed insert spoilt the caller's transaction: no second try
    for _ in range(2):
        try:
            with Session(engine, expire_on_commit=False) as own, own.begin():
                return _enqueue_once(own, user_id, kind, params, scoped_key, max_attempts, limit, once)
        except IntegrityError:
            continue  # another process queued the same key between our read and our insert
    raise lost_race


def _enqueue_once(
    session: Session,
    user_id: int | None,
    kind: str,
    params: dict[str, Any],
    key: str | None,
    max_attempts: int,
    limit: int,
    once: bool,
) -> JobView:
    if key:
        holder = session.scalars(select(ScrapeJob).where(ScrapeJob.idempotency_key == key)).first()
        if holder is not None and (once or holder.status in ACTIVE):
            return JobView.of(holder)
        if holder is not None:
            holder.idempotency_key = None  # finished: asking again means a fresh run
            session.flush()
    if user_id is not None:
        active = session.scalar(
            select(func.count()).where(ScrapeJob.user_id == user_id, ScrapeJob.status.in_(ACTIVE))
        )
        if (active or 0) >= limit:
            raise CompassError(
                f"you already have {active} jobs waiting or running (the limit is {limit}): "
                "wait for some to finish, or cancel some on the Jobs page"
            )
    job = ScrapeJob(
        user_id=user_id,
        kind=kind,
        params=params,
        idempotency_key=key,
        max_attempts=max_attempts,
        status=JobStatus.QUEUED,
        progress_done=0,
        attempts=0,
        run_after=utcnow(),
    )
    session.add(job)
    session.flush()
    return JobView.of(job)


def _owned(session: Session, user_id: int | None, job_id: int) -> ScrapeJob:
    query = select(ScrapeJob).where(ScrapeJob.id == job_id)
    if user_id is not None:
        query = query.where(ScrapeJob.user_id == user_id)
    job = session.scalars(query.with_for_update()).first()
    if job is None:
        raise JobNotFound(f"no job #{job_id}" + (" in your workspace" if user_id is not None else ""))
    return job


def list_jobs(engine: Engine, user_id: int | None, *, limit: int = 200) -> list[JobView]:
    """The user's jobs, newest first (``user_id=None``: every job, for operators)."""
    query = select(ScrapeJob).order_by(ScrapeJob.id.desc()).limit(limit)
    if user_id is not None:
        query = query.where(ScrapeJob.user_id == user_id)
    with Session(engine) as session:
        return [JobView.of(job) for job in session.scalars(query)]


def get_job(engine: Engine, user_id: int | None, job_id: int) -> JobView:
    with Session(engine) as session:
        return JobView.of(_owned(session, user_id, job_id))


def cancel(engine: Engine, user_id: int | None, job_id: int) -> JobView:
    """A queued job is cancelled now; a running one stops at its next step."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        job = _owned(session, user_id, job_id)
        if job.status == JobStatus.QUEUED:
            job.status = JobStatus.CANCELLED
            job.finished_at = utcnow()
        elif job.status == JobStatus.RUNNING:
            job.cancel_requested = True
        else:
            raise CompassError(f"job #{job_id} has already {JobStatus(job.status).value}; nothing to cancel")
        return JobView.of(job)


def retry(engine: Engine, user_id: int | None, job_id: int) -> JobView:
    """Queues a failed or cancelled job again, with a fresh set of attempts."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        job = _owned(session, user_id, job_id)
        if job.status not in (JobStatus.FAILED, JobStatus.CANCELLED):
            raise CompassError(
                f"job #{job_id} is {JobStatus(job.status).value}; "
                "only failed or cancelled jobs can be retried"
            )
        session.execute(
            update(ScrapeJob)
            .where(ScrapeJob.id == job_id)
            .values(
                status=JobStatus.QUEUED,
                attempts=0,
                last_error=None,
                cancel_requested=False,
                run_after=utcnow(),
                finished_at=None,
                progress_done=0,
                progress_step="Waiting for a free browser",
            )
        )
        session.refresh(job)
        return JobView.of(job)
