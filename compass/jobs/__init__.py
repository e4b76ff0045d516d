"""Background jobs: a queue in the database, leased by any number of scheduler processes."""

from compass.jobs.backoff import PermanentJobError, TransientJobError
from compass.jobs.kinds import JOB_KINDS, JobKind, register_kind
from compass.jobs.queue import JobNotFound, JobView, cancel, enqueue, get_job, list_jobs, retry
from compass.jobs.worker import JobCancelled, JobContext, Worker

__all__ = [
    "JOB_KINDS",
    "JobCancelled",
    "JobContext",
    "JobKind",
    "JobNotFound",
    "JobView",
    "PermanentJobError",
    "TransientJobError",
    "Worker",
    "cancel",
    "enqueue",
    "get_job",
    "list_jobs",
    "register_kind",
    "retry",
]
