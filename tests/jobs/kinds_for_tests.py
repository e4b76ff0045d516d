"""Job kinds used only by the tests: they record each run in the audit log, so runs can be counted."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import insert

from compass.jobs import JobContext, JobKind, PermanentJobError, TransientJobError, register_kind
from compass.jobs.backoff import RetryPolicy
from compass.models import AuditEntry


def _record(context: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    for step in range(int(params.get("steps", 1))):
        context.progress(step, int(params.get("steps", 1)), f"step {step}")
        time.sleep(float(params.get("sleep", 0)))
    with context.engine.begin() as connection:
        connection.execute(insert(AuditEntry), {"action": "test.ran", "detail": {"job": context.job.id}})
    return {"summary": "recorded"}


def _fail(context: JobContext, params: dict[str, Any]) -> None:
    if params.get("permanent"):
        raise PermanentJobError("this account is private")
    raise TransientJobError("blocked by a challenge page")


def _crash(context: JobContext, params: dict[str, Any]) -> None:
    raise RuntimeError("Message: unknown error: net::ERR_NAME_NOT_RESOLVED\nStacktrace:\n#0 0x55f6688dc9be")


register_kind(JobKind("test.record", "Record a run", _record))
register_kind(JobKind("test.crash", "Crash", _crash))
register_kind(JobKind("test.fail", "Fail", _fail))
# The same failure under a policy of its own: retried within two seconds, five attempts.
register_kind(
    JobKind("test.fail_soon", "Fail, retried soon", _fail, retry_policy=RetryPolicy(1.0, 2.0, max_attempts=5))
)
