"""The scheduler process: runs queued jobs and scheduled refreshes until stopped.

python scheduler.py            run until SIGTERM / Ctrl-C (the current step is handed back)
python scheduler.py --drain    run queued jobs until none is left, then exit
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from datetime import timedelta

from compass.db import make_engine
from compass.errors import CompassError
from compass.jobs.kinds import load_builtin_kinds
from compass.jobs.runner import SchedulerRunner
from compass.migrations import upgrade
from compass.scraper.kind import close_browsers
from compass.scraper.processes import reap_orphans
from compass.scraper.run import browsers_dir
from compass.settings import SettingsError, load_settings


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--drain", action="store_true", help="run queued jobs until none is left, then exit")
    parser.add_argument("--workers", type=int, help="jobs run at once (default: COMPASS_MAX_BROWSERS)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("apscheduler", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # A worker still busy when its next poll comes is skipped by design (one run at a time): not news.
    logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
    try:
        settings = load_settings()
        engine = make_engine(settings, "scheduler")
        upgrade(engine)
        reap_orphans(browsers_dir(settings))  # browsers of a scheduler that was killed
        load_builtin_kinds()
        runner = SchedulerRunner(
            engine,
            workers=args.workers or settings.max_browsers,
            refresh_every=timedelta(hours=settings.refresh_hours),
            lock_dir=settings.data_dir,
            lease=timedelta(seconds=settings.job_lease_seconds),
        )
    except (SettingsError, CompassError) as exc:
        print(f"scheduler: {exc}", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, lambda *_: runner.stop())
    signal.signal(signal.SIGINT, lambda *_: runner.stop())
    try:
        if args.drain:
            runner.drain()
        else:
            runner.run_forever()
    finally:
        close_browsers()
    return 0


if __name__ == "__main__":
    sys.exit(main())
