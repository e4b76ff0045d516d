"""The Jobs page's reading of the queue: what is still to run, what ran, and the download."""

from __future__ import annotations

from datetime import UTC, datetime

from compass.jobs.queue import JobView
from compass.web.jobs_view import attempts_text, jobs_table, split_jobs

NOW = datetime(2025, 6, 1, tzinfo=UTC)


def job(id: int, status: str, *, attempts: int = 1, done: int = 0, total: int | None = None) -> JobView:
    return JobView(
        id, "scrape.profile", f"Scrape @c{id}", status, attempts, 3, done, total, None, None, NOW, None, None,
        {"handle": f"c{id}"},
    )  # fmt: skip


def test_jobs_split_into_still_to_run_and_finished_in_the_order_given() -> None:
    active, finished = split_jobs(
        [job(5, "running"), job(4, "failed"), job(3, "queued"), job(2, "succeeded"), job(1, "cancelled")]
    )
    assert [j.id for j in active] == [5, 3]
    assert [j.id for j in finished] == [4, 2, 1]


def test_attempts_are_counted_in_words() -> None:
    assert attempts_text(job(1, "failed", attempts=1)) == "1 attempt"
    assert attempts_text(job(1, "failed", attempts=3)) == "3 attempts"


def test_the_download_shows_progress_as_done_of_total_and_leaves_the_parameters_out() -> None:
    table = jobs_table([job(2, "running", done=3, total=10), job(1, "queued")])
    assert list(table["progress"]) == ["3/10", "0/?"]
    assert "params" not in table.columns and list(table["id"]) == [2, 1]
