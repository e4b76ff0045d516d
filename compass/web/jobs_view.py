"""The Jobs page's reading of the queue: what is still to run, what ran, and the table that downloads."""

from __future__ import annotations

import pandas as pd

from compass.jobs.queue import JobView

ACTIVE = ("queued", "running")
STATUS_ICONS = {
    "succeeded": ":material/check_circle:",
    "failed": ":material/error:",
    "cancelled": ":material/cancel:",
}


def split_jobs(jobs: list[JobView]) -> tuple[list[JobView], list[JobView]]:
    """(queued and running, finished), each in the order given (newest first)."""
    return [j for j in jobs if j.status in ACTIVE], [j for j in jobs if j.status not in ACTIVE]


def attempts_text(job: JobView) -> str:
    return f"{job.attempts} attempt{'s' if job.attempts != 1 else ''}"


JOB_DEFINITIONS = {
    "id": "the app's id of the job",
    "kind": "what the job does: discover, scrape, analyze...",
    "description": "the job in words",
    "status": "queued, running, succeeded, failed or cancelled",
    "attempts": "how many times it was started",
    "progress": "steps done / steps in all (? while unknown)",
    "step": "what it was doing last",
    "error": "why it failed, when it did",
    "created_at": "when it was asked for (UTC)",
    "started_at": "when it last started (UTC)",
    "finished_at": "when it ended (UTC)",
}


def jobs_table(jobs: list[JobView]) -> pd.DataFrame:
    """One row per job, as downloaded: progress as done/total, parameters left out (they are internal)."""
    rows = [
        {
            **{key: value for key, value in j.to_json().items() if key in JOB_DEFINITIONS},
            "progress": f"{j.done}/{j.total or '?'}",
            "step": j.step,
        }
        for j in jobs
    ]
    return pd.DataFrame(rows, columns=list(JOB_DEFINITIONS))
