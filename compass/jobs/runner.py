"""The scheduler process: worker threads that claim jobs, and periodic upkeep, on APScheduler.

On PostgreSQL any number of these run at once, on one machine or several. On SQLite only one may
run (SQLite has no row locks to share a queue safely): a second one is refused with a message.
"""

from __future__ import annotations

import fcntl
import logging
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import IO

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy import Engine, func, select

from compass.errors import CompassError
from compass.jobs import lease as leases
from compass.jobs.kinds import UPKEEP, UpkeepOptions, load_builtin_kinds
from compass.jobs.worker import DEFAULT_LEASE, Worker
from compass.models import JobStatus, ScrapeJob, utcnow

log = logging.getLogger(__name__)

POLL_SECONDS = 2
UPKEEP_SECONDS = 15


class SchedulerRunner:
    def __init__(
        self,
        engine: Engine,
        *,
        workers: int,
        refresh_every: timedelta,
        lease: timedelta = DEFAULT_LEASE,
        lock_dir: Path | None = None,
    ) -> None:
        load_builtin_kinds()  # the kinds register their handlers and their upkeep
        self.engine = engine
        self.workers = [Worker(engine, lease=lease) for _ in range(workers)]
        self.refresh_every = refresh_every
        self._lock_file: IO[str] | None = None
        self._scheduler: BlockingScheduler | None = None
        if engine.dialect.name == "sqlite":
            self._take_single_instance_lock(lock_dir or Path(str(engine.url.database)).parent)

    def _take_single_instance_lock(self, lock_dir: Path) -> None:
        lock_dir.mkdir(parents=True, exist_ok=True)
        self._lock_file = (lock_dir / "scheduler.lock").open("a+")
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CompassError(
                "another scheduler is already running on this SQLite database; SQLite supports one "
                "scheduler (use PostgreSQL through DATABASE_URL to run several)"
            ) from None

    def upkeep(self) -> None:
        requeued, failed = leases.reclaim_expired(self.engine)
        if requeued or failed:
            log.warning("reclaimed jobs of stopped workers: %s queued again, %s failed", requeued, failed)
        options = UpkeepOptions(self.refresh_every)
        for task in UPKEEP.values():
            task(self.engine, options)

    def _work(self, worker: Worker) -> None:
        while worker.run_one():
            pass

    def run_forever(self) -> None:
        scheduler = BlockingScheduler(
            executors={"default": ThreadPoolExecutor(len(self.workers) + 1)}, timezone="UTC"
        )
        for index, worker in enumerate(self.workers):
            scheduler.add_job(
                self._work,
                "interval",
                seconds=POLL_SECONDS,
                args=[worker],
                id=f"worker-{index}",
                max_instances=1,
                coalesce=True,
                next_run_time=utcnow(),
            )
        scheduler.add_job(
            self.upkeep,
            "interval",
            seconds=UPKEEP_SECONDS,
            id="upkeep",
            max_instances=1,
            coalesce=True,
            next_run_time=utcnow(),
        )
        self._scheduler = scheduler
        log.info("scheduler started with %s workers", len(self.workers))
        scheduler.start()

    def stop(self) -> None:
        """Graceful: each running job is handed back at its next step, then the scheduler exits."""
        for worker in self.workers:
            worker.stop()
        if self._scheduler is not None:
            threading.Thread(target=self._shutdown_scheduler, daemon=True).start()

    def _shutdown_scheduler(self) -> None:
        try:
            assert self._scheduler is not None
            self._scheduler.shutdown(wait=True)
        except SchedulerNotRunningError:
            pass  # a second signal, or it had not started yet

    def _pending(self) -> tuple[int, float | None]:
        """How many jobs are queued or running, and seconds until the next queued one may run."""
        with self.engine.connect() as connection:
            count = connection.execute(
                select(func.count()).where(ScrapeJob.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]))
            ).scalar_one()
            next_run = connection.execute(
                select(func.min(ScrapeJob.run_after)).where(ScrapeJob.status == JobStatus.QUEUED)
            ).scalar_one()
        if next_run is None:
            return int(count), None
        return int(count), max(0.0, (next_run - utcnow()).total_seconds())

    def drain(self) -> None:
        """Runs jobs until none is queued or running anywhere, then returns.

        Each worker keeps one thread for the whole drain, so that what a thread keeps between jobs
        (a job kind's browser) is reused rather than started again.
        """
        threads = [
            threading.Thread(target=self._drain_worker, args=(worker,), name=f"drain-{index}")
            for index, worker in enumerate(self.workers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def _drain_worker(self, worker: Worker) -> None:
        while not worker.stopping.is_set():
            if worker.run_one():
                continue
            leases.reclaim_expired(self.engine)
            pending, wait = self._pending()
            if pending == 0:
                return
            time.sleep(min(1.0, wait if wait is not None else 1.0) or 0.2)
