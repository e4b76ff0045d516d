"""Runs claimed jobs: a heartbeat keeps the lease while the handler works; the outcome is saved in finally."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine

from compass.errors import CompassError
from compass.jobs import lease as leases
from compass.jobs.backoff import PermanentJobError, TransientJobError, decide_retry
from compass.jobs.kinds import JOB_KINDS
from compass.models import JobStatus, utcnow

log = logging.getLogger(__name__)

DEFAULT_LEASE = timedelta(seconds=60)


class JobCancelled(Exception):
    """The owner cancelled the job; it stops at this step."""


class WorkerStopping(Exception):
    """The worker is shutting down; the job goes back to the queue at this step."""


class LeaseLost(Exception):
    """Another worker took the job over (our lease expired); stop without recording anything."""


def wait_in_words(seconds: float) -> str:
    """A wait as a job's step shows it, "45 s" or "12 min": some kinds back off for an hour or more."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min"


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class JobContext:
    """What a handler sees: its job, and a way to report progress that is also a cancellation point."""

    def __init__(
        self, engine: Engine, job: leases.ClaimedJob, worker: str, lease: timedelta, stopping: threading.Event
    ) -> None:
        self.engine = engine
        self.job = job
        self.worker = worker
        self.lease = lease
        self.stopping = stopping

    def progress(self, done: int, total: int | None = None, step: str | None = None) -> None:
        values: dict[str, Any] = {"progress_done": done}
        if total is not None:
            values["progress_total"] = total
        if step is not None:
            values["progress_step"] = step
        self._renew(values)

    def checkpoint(self) -> None:
        """Raises if the job should stop here (cancelled, shutting down, or no longer ours)."""
        self._renew({})

    def _renew(self, values: dict[str, Any]) -> None:
        ours, cancel_requested = leases.renew(self.engine, self.job.id, self.worker, self.lease, **values)
        if not ours:
            raise LeaseLost(f"job #{self.job.id} is no longer leased to {self.worker}")
        if cancel_requested:
            raise JobCancelled("cancelled by its owner")
        if self.stopping.is_set():
            raise WorkerStopping("the scheduler is shutting down")


class Worker:
    def __init__(
        self,
        engine: Engine,
        *,
        name: str | None = None,
        lease: timedelta = DEFAULT_LEASE,
        kinds: list[str] | None = None,
    ) -> None:
        self.engine = engine
        self.name = name or worker_name()
        self.lease = lease
        self.kinds = kinds
        self.stopping = threading.Event()

    def stop(self) -> None:
        self.stopping.set()

    def run_one(self) -> bool:
        """Claims and runs one job; False when none was runnable."""
        if self.stopping.is_set():
            return False
        job = leases.claim(self.engine, self.name, self.lease, self.kinds)
        if job is None:
            return False
        self._run(job)
        return True

    def _heartbeat(self, job_id: int, done: threading.Event) -> None:
        while not done.wait(self.lease.total_seconds() / 3):
            ours, _ = leases.renew(self.engine, job_id, self.name, self.lease)
            if not ours:
                return

    def _run(self, job: leases.ClaimedJob) -> None:
        context = JobContext(self.engine, job, self.name, self.lease, self.stopping)
        handler_done = threading.Event()
        heartbeat = threading.Thread(target=self._heartbeat, args=(job.id, handler_done), daemon=True)
        heartbeat.start()
        outcome: dict[str, Any] = {"status": JobStatus.FAILED, "error": "the job stopped unexpectedly"}
        try:
            kind = JOB_KINDS.get(job.kind)
            if kind is None:
                outcome = {
                    "status": JobStatus.FAILED,
                    "error": f"this scheduler does not know jobs of kind {job.kind!r}",
                }
                return
            log.info("job #%s %s: attempt %s", job.id, job.kind, job.attempts)
            result = kind.handler(context, job.params) or {}
            outcome = {"status": JobStatus.SUCCEEDED, "step": str(result.get("summary", "Done"))}
        except LeaseLost:
            outcome = {}
        except JobCancelled:
            outcome = {"status": JobStatus.CANCELLED, "step": "Cancelled", "error": None}
        except WorkerStopping:
            outcome = {
                "status": JobStatus.QUEUED,
                "step": "Handed back when its scheduler stopped",
                "refund_attempt": True,
            }
        except Exception as exc:  # noqa: BLE001 - any failure is recorded on the job, in words
            if not isinstance(exc, PermanentJobError | TransientJobError | CompassError):
                # A defect, not a state of the world: its text is for the log, not for the user.
                log.exception("job #%s %s raised", job.id, job.kind)
                exc = TransientJobError(
                    f"an unexpected error ({type(exc).__name__}); the scheduler's log has the details"
                )
            decision = decide_retry(job.attempts, job.max_attempts, exc, JOB_KINDS[job.kind].retry_policy)
            log.warning("job #%s %s failed (attempt %s): %s", job.id, job.kind, job.attempts, decision.reason)
            if decision.retry:
                outcome = {
                    "status": JobStatus.QUEUED,
                    "error": f"attempt {job.attempts} failed: {decision.reason}",
                    "step": f"Retrying in {wait_in_words(decision.delay_s)}",
                    "run_after": utcnow() + timedelta(seconds=decision.delay_s),
                }
            else:
                outcome = {"status": JobStatus.FAILED, "error": decision.reason, "step": "Failed"}
        finally:
            handler_done.set()
            heartbeat.join()
            if outcome:
                status = outcome.pop("status")
                leases.finish(self.engine, job.id, self.name, status, **outcome)
