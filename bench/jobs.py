"""Jobs per minute with 1, 2 and 4 scheduler processes scraping the local TikTok stand-in.

Each run queues the same J scrape jobs (small profiles) into a fresh PostgreSQL database and times
`scheduler.py --drain --workers 1` processes until the queue is empty.
    .venv/bin/python bench/jobs.py [--jobs J] [--processes 1,2,4]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from common import ROOT, fresh_postgres_url

from compass.catalog import database_status
from compass.db import make_engine_for_url
from compass.jobs import enqueue
from compass.jobs.kinds import load_builtin_kinds
from compass.migrations import upgrade
from compass.scraper.refresh import SCRAPE_KIND
from compass.workspace.users import get_or_create_user
from tests.standin import Rules, StandIn, State


def run(standin: StandIn, handles: list[str], processes: int) -> tuple[float, int, int]:
    url = fresh_postgres_url()
    engine = make_engine_for_url(url, "bench")
    upgrade(engine)
    owner = get_or_create_user(engine, "bench", "bench").id
    for handle in handles:
        enqueue(engine, owner, SCRAPE_KIND, {"handle": handle}, limit=len(handles))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "COMPASS_TIKTOK_URL": standin.url,
        "COMPASS_SCRAPE_INTERVAL": "0",
        "COMPASS_SCRAPE_DELAY": "0",
        "PYTHONPATH": str(ROOT),
    }
    start = time.perf_counter()
    workers = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "scheduler.py"), "--drain", "--workers", "1"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(processes)
    ]
    for worker in workers:
        worker.wait()
    elapsed = time.perf_counter() - start
    status = database_status(engine)
    engine.dispose()
    return elapsed, status.jobs["succeeded"], status.videos


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=40)
    parser.add_argument("--processes", default="1,2,4")
    args = parser.parse_args()
    load_builtin_kinds()
    # The 2026 rules without the throttle: this measures the queue, not TikTok's rate.
    with StandIn(seed=11, rules=Rules().loosened(api_calls_per_minute=None)) as standin:
        handles = [m.handle for m in standin.population.with_state(State.OK) if 10 <= m.videos <= 40][
            : args.jobs
        ]
        print(
            f"{len(handles)} scrape jobs of profiles with 10-40 videos, stand-in without faults, "
            f"{os.cpu_count()} cores"
        )
        for processes in (int(p) for p in args.processes.split(",")):
            elapsed, succeeded, videos = run(standin, handles, processes)
            print(
                f"{processes} process(es): {succeeded}/{len(handles)} jobs in {elapsed:.1f} s = "
                f"{succeeded / elapsed * 60:.0f} jobs per minute ({videos:,} videos stored)"
            )


if __name__ == "__main__":
    main()
