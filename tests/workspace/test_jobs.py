"""Asking for a job on a user's behalf: the job and its audit entry are written together or not at all."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import IntegrityError

import tests.jobs.kinds_for_tests  # noqa: F401 - registers the test job kinds
from compass.models import AuditEntry, ScrapeJob, User
from compass.workspace import audit
from compass.workspace.jobs import request_job
from compass.workspace.users import get_or_create_user


@pytest.fixture
def alice(pg_engine: Engine) -> User:
    return get_or_create_user(pg_engine, "https://accounts.google.com", "alice-sub")


@pytest.fixture
def audit_refuses_job_requests(pg_engine: Engine) -> Iterator[None]:
    """The database refuses to log a job request, as a full disk or a lost connection would refuse the
    second write: what is left must be as if nothing had been asked."""
    with pg_engine.begin() as connection:
        connection.execute(
            text(
                "ALTER TABLE audit_log ADD CONSTRAINT refuse_job_requests "
                f"CHECK (action <> '{audit.Action.JOB_REQUESTED}') NOT VALID"
            )
        )
    yield
    with pg_engine.begin() as connection:
        connection.execute(text("ALTER TABLE audit_log DROP CONSTRAINT refuse_job_requests"))


def _count(engine: Engine, model: type) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.postgres
def test_request_job_queues_the_job_with_its_audit_entry(pg_engine: Engine, alice: User) -> None:
    job = request_job(pg_engine, alice, "test.record", {})
    [entry] = audit.list_entries(pg_engine, alice)
    assert (entry.action, entry.detail) == (
        audit.Action.JOB_REQUESTED,
        {"job_id": job.id, "kind": "test.record"},
    )


@pytest.mark.postgres
@pytest.mark.usefixtures("audit_refuses_job_requests")
def test_request_job_whose_audit_entry_is_refused_queues_no_job(pg_engine: Engine, alice: User) -> None:
    with pytest.raises(IntegrityError):
        request_job(pg_engine, alice, "test.record", {})
    assert (_count(pg_engine, ScrapeJob), _count(pg_engine, AuditEntry)) == (0, 0)
