"""The job queue: idempotent enqueue, per-user limits, claims, leases, cancel and retry."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select, update

import tests.jobs.kinds_for_tests  # noqa: F401 - registers the test kinds
from compass.db import make_engine_for_url
from compass.errors import CompassError
from compass.jobs import Worker, cancel, enqueue, get_job, list_jobs, retry
from compass.jobs.backoff import DEFAULT_RETRY
from compass.jobs.lease import claim, reclaim_expired
from compass.jobs.worker import wait_in_words
from compass.models import AuditEntry, JobStatus, ScrapeJob, utcnow
from compass.workspace.users import get_or_create_user


@pytest.fixture
def user_id(engine: Engine) -> int:
    return get_or_create_user(engine, "https://issuer", "alice").id


def runs(engine: Engine) -> list[int]:
    with engine.connect() as connection:
        return sorted(
            d["job"]
            for d in connection.execute(
                select(AuditEntry.detail).where(AuditEntry.action == "test.ran")
            ).scalars()
        )


def test_enqueue_same_key_twice_returns_the_same_job(engine: Engine, user_id: int) -> None:
    first = enqueue(engine, user_id, "test.record", {}, idempotency_key="scrape:@alice")
    second = enqueue(engine, user_id, "test.record", {}, idempotency_key="scrape:@alice")
    assert first.id == second.id and len(list_jobs(engine, user_id)) == 1


def test_enqueue_same_key_after_it_finished_queues_a_fresh_run(engine: Engine, user_id: int) -> None:
    first = enqueue(engine, user_id, "test.record", {}, idempotency_key="k")
    assert Worker(engine).run_one()
    second = enqueue(engine, user_id, "test.record", {}, idempotency_key="k")
    assert second.id != first.id and second.status == "queued"


def test_enqueue_over_the_per_user_limit_says_what_to_do(engine: Engine, user_id: int) -> None:
    for n in range(3):
        enqueue(engine, user_id, "test.record", {"n": n}, limit=3)
    with pytest.raises(CompassError, match="limit is 3"):
        enqueue(engine, user_id, "test.record", {}, limit=3)


def test_enqueue_unknown_kind_is_refused(engine: Engine, user_id: int) -> None:
    with pytest.raises(CompassError, match="unknown job kind"):
        enqueue(engine, user_id, "nope", {})


def test_worker_runs_job_and_records_success_with_progress(engine: Engine, user_id: int) -> None:
    job = enqueue(engine, user_id, "test.record", {"steps": 3})
    assert Worker(engine).run_one()
    done = get_job(engine, user_id, job.id)
    assert (done.status, done.attempts, done.step, done.total) == ("succeeded", 1, "recorded", 3)
    assert runs(engine) == [job.id]
    assert not Worker(engine).run_one()


def test_worker_transient_failure_is_requeued_with_delay_then_fails_when_attempts_run_out(
    engine: Engine, user_id: int
) -> None:
    job = enqueue(engine, user_id, "test.fail", {}, max_attempts=2)
    worker = Worker(engine)
    assert worker.run_one()
    view = get_job(engine, user_id, job.id)
    assert view.status == "queued" and "blocked by a challenge page" in (view.error or "")
    assert not worker.run_one()  # not runnable before its backoff delay
    with engine.begin() as connection:
        connection.execute(update(ScrapeJob).values(run_after=utcnow() - timedelta(seconds=1)))
    assert worker.run_one()
    view = get_job(engine, user_id, job.id)
    assert view.status == "failed" and "gave up after 2 attempts" in (view.error or "")


def test_worker_spaces_retries_and_counts_attempts_by_each_kinds_policy(engine: Engine, user_id: int) -> None:
    soon = enqueue(engine, user_id, "test.fail_soon", {})
    default = enqueue(engine, user_id, "test.fail", {})
    assert (soon.max_attempts, default.max_attempts) == (5, DEFAULT_RETRY.max_attempts)
    before = utcnow()
    worker = Worker(engine)
    assert worker.run_one() and worker.run_one()
    with engine.connect() as connection:
        run_after = {id_: at for id_, at in connection.execute(select(ScrapeJob.id, ScrapeJob.run_after))}
    slack_for_the_run = 1.0
    assert (run_after[soon.id] - before).total_seconds() <= 2.0 + slack_for_the_run
    assert (run_after[default.id] - before).total_seconds() >= DEFAULT_RETRY.base_delay_s / 2


def test_enqueue_max_attempts_given_by_its_caller_overrides_the_kinds_policy(
    engine: Engine, user_id: int
) -> None:
    assert enqueue(engine, user_id, "test.fail_soon", {}, max_attempts=1).max_attempts == 1


def test_a_retry_waits_in_seconds_or_minutes_as_a_person_reads_them() -> None:
    assert (wait_in_words(45.4), wait_in_words(119), wait_in_words(600), wait_in_words(5400)) == (
        "45 s",
        "119 s",
        "10 min",
        "90 min",
    )


def test_worker_permanent_failure_fails_at_once(engine: Engine, user_id: int) -> None:
    job = enqueue(engine, user_id, "test.fail", {"permanent": True})
    Worker(engine).run_one()
    view = get_job(engine, user_id, job.id)
    assert (view.status, view.attempts, view.error) == ("failed", 1, "this account is private")


def test_worker_defect_is_recorded_in_words_and_its_text_left_to_the_log(
    engine: Engine, user_id: int
) -> None:
    job = enqueue(engine, user_id, "test.crash", {})
    Worker(engine).run_one()
    view = get_job(engine, user_id, job.id)
    assert view.status == "queued"
    assert view.error == (
        "attempt 1 failed: an unexpected error (RuntimeError); the scheduler's log has the details"
    )


def test_cancel_queued_job_cancels_it_now(engine: Engine, user_id: int) -> None:
    job = enqueue(engine, user_id, "test.record", {})
    assert cancel(engine, user_id, job.id).status == "cancelled"
    assert not Worker(engine).run_one()


def working(worker: Worker) -> threading.Thread:
    """A thread in which the worker polls until it has run one job, as the scheduler does (a claim
    right after the enqueue can find nothing when the clock steps back a little: it then tries again)."""

    def poll() -> None:
        while not worker.run_one() and not worker.stopping.is_set():
            time.sleep(0.05)

    thread = threading.Thread(target=poll)
    thread.start()
    return thread


def wait_until(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def test_cancel_running_job_stops_it_at_its_next_step(engine: Engine, user_id: int) -> None:
    job = enqueue(engine, user_id, "test.record", {"steps": 200, "sleep": 0.02})
    worker = Worker(engine)
    thread = working(worker)
    wait_until(lambda: get_job(engine, user_id, job.id).status == "running")
    cancel(engine, user_id, job.id)
    thread.join(10)
    view = get_job(engine, user_id, job.id)
    assert view.status == "cancelled" and view.done < 199 and runs(engine) == []


def test_retry_failed_job_queues_it_with_fresh_attempts(engine: Engine, user_id: int) -> None:
    job = enqueue(engine, user_id, "test.fail", {"permanent": True})
    Worker(engine).run_one()
    again = retry(engine, user_id, job.id)
    assert (again.status, again.attempts, again.error) == ("queued", 0, None)


def test_jobs_of_another_user_are_invisible_and_untouchable(engine: Engine, user_id: int) -> None:
    other = get_or_create_user(engine, "https://issuer", "bob").id
    job = enqueue(engine, user_id, "test.record", {})
    assert list_jobs(engine, other) == []
    with pytest.raises(CompassError, match="no job"):
        cancel(engine, other, job.id)
    with pytest.raises(CompassError, match="no job"):
        get_job(engine, other, job.id)


def test_expired_lease_is_requeued_then_failed_when_attempts_are_spent(engine: Engine, user_id: int) -> None:
    job = enqueue(engine, user_id, "test.record", {}, max_attempts=2)
    for expected in ("queued", "failed"):
        assert claim(engine, "dead-worker", timedelta(seconds=-1)) is not None
        reclaim_expired(engine)
        assert get_job(engine, user_id, job.id).status == expected


def test_stopping_worker_hands_the_job_back_without_spending_an_attempt(engine: Engine, user_id: int) -> None:
    job = enqueue(engine, user_id, "test.record", {"steps": 500, "sleep": 0.01})
    worker = Worker(engine)
    thread = working(worker)
    wait_until(lambda: get_job(engine, user_id, job.id).done >= 2)
    worker.stop()
    thread.join(10)
    view = get_job(engine, user_id, job.id)
    assert (view.status, view.attempts) == ("queued", 0)


def _drain(url: str) -> None:

    engine = make_engine_for_url(url, "test")
    worker = Worker(engine)
    while worker.run_one():
        pass
    engine.dispose()


@pytest.mark.postgres
def test_three_processes_claiming_at_once_run_each_job_exactly_once(
    pg_engine: Engine, postgres_url: str
) -> None:
    owner = get_or_create_user(pg_engine, "https://issuer", "carol").id
    jobs = [enqueue(pg_engine, owner, "test.record", {"n": n}, limit=100).id for n in range(60)]
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_drain, args=(postgres_url,)) for _ in range(3)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
        assert process.exitcode == 0
    assert runs(pg_engine) == sorted(jobs)
    with pg_engine.connect() as connection:
        statuses = connection.execute(select(ScrapeJob.status, func.count()).group_by(ScrapeJob.status)).all()
    assert statuses == [(JobStatus.SUCCEEDED, 60)]
