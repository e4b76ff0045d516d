"""A user's jobs, asked for and managed on their behalf, with each request in the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from compass.jobs import queue
from compass.jobs.queue import JobView
from compass.workspace import audit
from compass.workspace.owner import Owner


def request_job(
    engine: Engine,
    user: Owner,
    kind: str,
    params: dict[str, Any],
    *,
    idempotency_key: str | None = None,
) -> JobView:
    """Queues the job and logs the request in one transaction: neither is ever written without the other."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        job = queue.enqueue(engine, user.id, kind, params, idempotency_key=idempotency_key, session=session)
        detail = {"job_id": job.id, "kind": kind}
        audit.record(engine, audit.Action.JOB_REQUESTED, user_id=user.id, detail=detail, session=session)
    return job


def list_jobs(engine: Engine, user: Owner, *, limit: int = 200) -> list[JobView]:
    return queue.list_jobs(engine, user.id, limit=limit)


def get_job(engine: Engine, user: Owner, job_id: int) -> JobView:
    return queue.get_job(engine, user.id, job_id)


def cancel_job(engine: Engine, user: Owner, job_id: int) -> JobView:
    job = queue.cancel(engine, user.id, job_id)
    audit.record(engine, audit.Action.JOB_CANCELLED, user_id=user.id, detail={"job_id": job_id})
    return job


def retry_job(engine: Engine, user: Owner, job_id: int) -> JobView:
    job = queue.retry(engine, user.id, job_id)
    audit.record(engine, audit.Action.JOB_RETRIED, user_id=user.id, detail={"job_id": job_id})
    return job
