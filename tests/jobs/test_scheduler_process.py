"""scheduler.py as a process: single instance on SQLite, graceful SIGTERM, recovery after SIGKILL,
and one refresh per period however many schedulers run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

import tests.jobs.kinds_for_tests  # noqa: F401 - registers the test job kinds (run alone too)
from compass.jobs import Worker, enqueue, get_job
from compass.models import ScrapeJob
from compass.scraper.processes import reap_orphans
from compass.scraper.refresh import REFRESH_KIND, enqueue_due_refreshes
from compass.workspace.users import get_or_create_user
from tests.support.processes import browser_processes
from tests.support.waiting import wait_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def start_scheduler(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []

    def start(database_url: str, *args: str, lease: float = 60) -> subprocess.Popen[str]:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "COMPASS_DATA_DIR": str(tmp_path),
            "COMPASS_JOB_MODULES": "tests.jobs.kinds_for_tests",
            "COMPASS_JOB_LEASE_SECONDS": str(lease),
            "PYTHONPATH": str(ROOT),
        }
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "scheduler.py"), *args],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:  # as an operator stops one: SIGTERM, which ends its browsers too
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    # A scheduler a test killed leaves its browsers to the next start: end them as that start would.
    reap_orphans(tmp_path / "browsers")
    assert browser_processes(tmp_path) == [], "a scheduler of this test left a browser running"


def test_second_scheduler_on_sqlite_says_so_and_exits(
    start_scheduler: Callable[..., subprocess.Popen[str]], sqlite_url: str
) -> None:
    first = start_scheduler(sqlite_url)
    time.sleep(3)
    assert first.poll() is None
    second = start_scheduler(sqlite_url)
    output, _ = second.communicate(timeout=30)
    assert second.returncode == 1
    assert "another scheduler is already running" in output


def test_sigterm_hands_the_running_job_back_and_exits(
    start_scheduler: Callable[..., subprocess.Popen[str]], engine: Engine, request: pytest.FixtureRequest
) -> None:
    url = engine.url.render_as_string(hide_password=False)
    user = get_or_create_user(engine, "i", "s").id
    job = enqueue(engine, user, "test.record", {"steps": 1000, "sleep": 0.02})
    scheduler = start_scheduler(url)
    wait_for(lambda: get_job(engine, user, job.id).done >= 3)
    scheduler.send_signal(signal.SIGTERM)
    scheduler.wait(30)
    view = get_job(engine, user, job.id)
    assert (view.status, view.attempts) == ("queued", 0)
    assert "Handed back" in (view.step or "")


@pytest.mark.postgres
def test_sigkilled_scheduler_job_is_finished_by_another_within_the_lease(
    start_scheduler: Callable[..., subprocess.Popen[str]], pg_engine: Engine, postgres_url: str
) -> None:
    user = get_or_create_user(pg_engine, "i", "s").id
    job = enqueue(pg_engine, user, "test.record", {"steps": 60, "sleep": 0.05})
    doomed = start_scheduler(postgres_url, lease=3)
    wait_for(lambda: get_job(pg_engine, user, job.id).done >= 2)
    doomed.kill()
    doomed.wait()
    killed_at = time.monotonic()
    rescuer = start_scheduler(postgres_url, "--drain", lease=3)
    rescuer.wait(60)
    view = get_job(pg_engine, user, job.id)
    assert (view.status, view.attempts) == ("succeeded", 2)
    assert time.monotonic() - killed_at < 30


@pytest.mark.postgres
def test_refresh_is_enqueued_once_per_period_however_many_schedulers_ask(pg_engine: Engine) -> None:
    now = datetime(2026, 3, 1, 10, 30, tzinfo=UTC)
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            for _ in range(10):
                enqueue_due_refreshes(pg_engine, timedelta(hours=24), now)
                enqueue_due_refreshes(pg_engine, timedelta(hours=24), now + timedelta(hours=5))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    while Worker(pg_engine).run_one():
        pass
    enqueue_due_refreshes(pg_engine, timedelta(hours=24), now)  # the period's job ran: not again
    enqueue_due_refreshes(pg_engine, timedelta(hours=24), now + timedelta(days=1))
    with pg_engine.connect() as connection:
        count = connection.execute(select(func.count()).where(ScrapeJob.kind == REFRESH_KIND)).scalar_one()
    assert count == 2
