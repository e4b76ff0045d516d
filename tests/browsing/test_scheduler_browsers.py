"""The scheduler's browsers, counted as processes: none outlives a failed job, a SIGTERM or (after
the next start) a SIGKILL, and a scheduler never runs more than COMPASS_MAX_BROWSERS of them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from compass.db import make_engine_for_url
from compass.jobs import enqueue, get_job
from compass.jobs.kinds import load_builtin_kinds
from compass.migrations import upgrade
from compass.scraper.refresh import SCRAPE_KIND
from tests.standin import StandIn, State
from tests.standin.fixtures import FAST_2026, STANDIN_SEED
from tests.support.processes import browser_processes
from tests.support.waiting import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def browsers_running(data_dir: Path) -> int:
    """Browsers of that scheduler: the profiles that a Chromium main process (not a helper) runs. Counted
    by profile, not by process: a process Chromium forks, until it execs its helper, is a copy of the
    main process, command line included (CI once counted 3 of 2 browsers this way)."""
    profiles = set()
    for pid in browser_processes(data_dir):
        try:
            cmdline = (Path("/proc") / str(pid) / "cmdline").read_bytes()
        except OSError:
            continue
        arguments = cmdline.split(b"\0")
        if any(a.startswith(b"--type=") for a in arguments) or b"chromedriver" in cmdline:
            continue
        profiles.update(a for a in arguments if a.startswith(b"--user-data-dir="))
    return len(profiles)


class Scheduler:
    def __init__(self, data_dir: Path, database_url: str, tiktok_url: str, max_browsers: int = 2) -> None:
        self.data_dir = data_dir
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "COMPASS_DATA_DIR": str(data_dir),
            "COMPASS_TIKTOK_URL": tiktok_url,
            "COMPASS_SCRAPE_INTERVAL": "0",
            "COMPASS_SCRAPE_DELAY": "0",
            "COMPASS_MAX_BROWSERS": str(max_browsers),
            "PYTHONPATH": str(ROOT),
        }
        self.processes: list[subprocess.Popen[str]] = []
        self.logs: list[Path] = []

    def start(self, *args: str, database_url: str | None = None) -> subprocess.Popen[str]:
        """A scheduler process, its output written to a file of its own (``output``): a pipe nobody
        reads would stall a scheduler that logs much, and a failing test shows what each one said."""
        env = {**self.env, **({"DATABASE_URL": database_url} if database_url else {})}
        log = self.data_dir.parent / f"scheduler-{len(self.logs) + 1}.log"
        with log.open("w") as output:
            process = subprocess.Popen(
                [sys.executable, str(ROOT / "scheduler.py"), *args],
                env=env,
                cwd=ROOT,
                stdout=output,
                stderr=subprocess.STDOUT,
                text=True,
            )
        self.processes.append(process)
        self.logs.append(log)
        return process

    def output(self, process: subprocess.Popen[str]) -> str:
        return self.logs[self.processes.index(process)].read_text()

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    url = f"sqlite:///{tmp_path / 'compass.sqlite3'}"
    engine = make_engine_for_url(url, "test")
    upgrade(engine)
    load_builtin_kinds()
    yield url, engine
    engine.dispose()


@pytest.fixture
def schedulers(tmp_path: Path) -> Iterator[Callable[..., Scheduler]]:
    made: list[Scheduler] = []

    def make(database_url: str, tiktok_url: str, **options: int) -> Scheduler:
        scheduler = Scheduler(tmp_path / "data", database_url, tiktok_url, **options)
        made.append(scheduler)
        return scheduler

    yield make
    for scheduler in made:
        scheduler.stop_all()
        for log in scheduler.logs:  # shown by pytest when the test failed
            print(f"---- {log.name} ----\n{log.read_text()[-20_000:]}")
        for pid in browser_processes(scheduler.data_dir):  # never leave one behind, even on a failure
            os.kill(pid, signal.SIGKILL)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_jobs_with_tiktok_out_of_reach_fail_in_one_sentence_and_leave_no_browser(
    database, schedulers
) -> None:  # type: ignore[no-untyped-def]
    url, engine = database
    scheduler = schedulers(url, f"http://127.0.0.1:{_closed_port()}")
    jobs = [enqueue(engine, None, SCRAPE_KIND, {"handle": f"@creator{n}"}) for n in range(3)]
    assert jobs[0].description == "Scrape @creator0"  # the handle once, however it was typed
    process = scheduler.start()
    wait_for(lambda: all(get_job(engine, None, job.id).status == "failed" for job in jobs), timeout=120)
    for job in jobs:
        done = get_job(engine, None, job.id)
        assert done.attempts == 1
        assert done.error.startswith("Couldn't reach TikTok (127.0.0.1 refused the connection)")
        assert "\n" not in done.error and "Stacktrace" not in done.error and "ERR_" not in done.error
        assert (done.finished_at - done.started_at).total_seconds() < 30
    assert browser_processes(scheduler.data_dir) == []
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0


def test_scheduler_never_runs_more_browsers_than_allowed(database, schedulers) -> None:  # type: ignore[no-untyped-def]
    url, engine = database
    with StandIn(seed=STANDIN_SEED, rules=FAST_2026, per_niche=60) as tiktok:
        members = [m for m in tiktok.population.with_state(State.OK) if 20 <= m.videos <= 60][:5]
        scheduler = schedulers(url, tiktok.url, max_browsers=2)
        jobs = [enqueue(engine, None, SCRAPE_KIND, {"handle": m.handle}) for m in members]
        process = scheduler.start("--workers", "4")
        peak, stop = [0], threading.Event()

        def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], browsers_running(scheduler.data_dir))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            wait_for(
                lambda: all(get_job(engine, None, j.id).status == "succeeded" for j in jobs), timeout=300
            )
        finally:
            stop.set()
            sampler.join()
        assert 1 <= peak[0] <= 2
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    assert browser_processes(scheduler.data_dir) == []


def _slow_standin() -> StandIn:
    """Every page and API call answers after 2 s: a scrape stays running long enough to interrupt."""
    return StandIn(
        seed=STANDIN_SEED,
        rules=FAST_2026,
        per_niche=60,
        fault_rate=1.0,
        faults=("slow",),
        slow_seconds=(2.0, 2.0),
    )


def test_sigterm_mid_scrape_hands_the_job_back_and_ends_its_browser(database, schedulers) -> None:  # type: ignore[no-untyped-def]
    url, engine = database
    with _slow_standin() as tiktok:
        member = next(m for m in tiktok.population.with_state(State.OK) if m.videos >= 100)
        scheduler = schedulers(url, tiktok.url)
        job = enqueue(engine, None, SCRAPE_KIND, {"handle": member.handle})
        process = scheduler.start()
        wait_for(
            lambda: get_job(engine, None, job.id).status == "running" and browsers_running(scheduler.data_dir)
        )
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=120) == 0
    assert get_job(engine, None, job.id).status == "queued"
    assert browser_processes(scheduler.data_dir) == []


def test_browsers_of_a_killed_scheduler_are_ended_by_the_next_start(database, schedulers, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url, engine = database
    with _slow_standin() as tiktok:
        member = next(m for m in tiktok.population.with_state(State.OK) if m.videos >= 100)
        scheduler = schedulers(url, tiktok.url)
        enqueue(engine, None, SCRAPE_KIND, {"handle": member.handle})
        killed = scheduler.start()
        wait_for(lambda: browsers_running(scheduler.data_dir) == 1)
        killed.kill()
        killed.wait()
        time.sleep(1)
        assert browsers_running(scheduler.data_dir) == 1  # SIGKILL ran no cleanup: the browser is orphaned
        other_database = f"sqlite:///{tmp_path / 'other.sqlite3'}"
        next_start = scheduler.start("--drain", database_url=other_database)
        assert next_start.wait(timeout=120) == 0
        output = scheduler.output(next_start)
        assert "ended" in output and "left by a scheduler that was killed" in output
    assert browser_processes(scheduler.data_dir) == []
