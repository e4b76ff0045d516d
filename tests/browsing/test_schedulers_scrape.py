"""Three scheduler processes scrape 60 queued profiles from the stand-in: each job once, each video once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from compass.jobs import enqueue
from compass.jobs.kinds import load_builtin_kinds
from compass.models import JobStatus, ScrapeJob, Video
from compass.scraper.refresh import SCRAPE_KIND
from compass.workspace.users import get_or_create_user
from tests.standin import StandIn, State

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.slow]


def test_three_schedulers_run_sixty_scrape_jobs_once_each_and_store_every_video_once(
    standin: StandIn, pg_engine: Engine, postgres_url: str, tmp_path: Path
) -> None:
    load_builtin_kinds()
    owner = get_or_create_user(pg_engine, "https://issuer", "analyst").id
    members = [m for m in standin.population.with_state(State.OK) if 5 <= m.videos <= 40][:60]
    for member in members:
        enqueue(pg_engine, owner, SCRAPE_KIND, {"handle": member.handle}, limit=100)
    env = {
        **os.environ,
        "DATABASE_URL": postgres_url,
        "COMPASS_TIKTOK_URL": standin.url,
        "COMPASS_SCRAPE_INTERVAL": "0",
        "COMPASS_SCRAPE_DELAY": "0",
        "COMPASS_DATA_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    schedulers = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "scheduler.py"), "--drain", "--workers", "1"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(3)
    ]
    deadline = time.monotonic() + 600
    for scheduler in schedulers:
        output, _ = scheduler.communicate(timeout=max(1, deadline - time.monotonic()))
        assert scheduler.returncode == 0, output[-2000:]
    with pg_engine.connect() as connection:
        jobs = connection.execute(select(ScrapeJob.status, ScrapeJob.attempts)).all()
        stored = connection.execute(select(func.count()).select_from(Video)).scalar_one()
        distinct = connection.execute(select(func.count(func.distinct(Video.tiktok_id)))).scalar_one()
    # attempts counts claims: 1 means no job was ever claimed twice
    assert [tuple(job) for job in jobs] == [(JobStatus.SUCCEEDED, 1)] * 60
    assert stored == distinct == sum(m.videos for m in members)
