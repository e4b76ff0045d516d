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


def jobs_table(jobs: list[JobView]) -> pd.DataFrame:
    """One row per job, as downloaded: progress as done/total, parameters left out (they are internal)."""
    rows = [j.to_json() | {"progress": f"{j.done}/{j.total or '?'}"} for j in jobs]
    return pd.DataFrame(rows).drop(columns=["params"], errors="ignore")
