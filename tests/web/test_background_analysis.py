"""Large niches are analysed by the scheduler, never while a page draws: the first visit shows the job's
progress, later visits the stored analysis, with a note while newer data is being analysed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

import compass.web.data
from compass.db import make_engine_for_url
from compass.demo import load_demo
from compass.ingest import ingest
from compass.jobs import Worker
from compass.jobs.kinds import load_builtin_kinds
from compass.migrations import upgrade
from compass.models import Creator, ScrapeJob, utcnow
from compass.reanalysis.kind import ANALYZE_KIND
from compass.records import CreatorRecord, Observation, ProfileStats
from compass.workspace import list_niches
from compass.workspace.digests import digest_status
from compass.workspace.users import local_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The demo workspace, with every niche counted as too large to analyse on the spot."""
    engine = make_engine_for_url(f"sqlite:///{tmp_path / 'compass.sqlite3'}", "test")
    upgrade(engine)
    load_demo(engine, local_user(engine).id, creators=8)
    for name in ("COMPASS_OIDC_CLIENT_ID", "COMPASS_OIDC_CLIENT_SECRET", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COMPASS_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(compass.web.data, "INLINE_VIDEOS", 0)
    load_builtin_kinds()
    st.cache_data.clear()
    st.cache_resource.clear()
    yield engine
    st.cache_data.clear()
    st.cache_resource.clear()
    engine.dispose()


def insights_page() -> AppTest:
    app = AppTest.from_file(str(ROOT / "pages/3_Insights.py"), default_timeout=120)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def analysis_jobs(engine: Engine) -> list[ScrapeJob]:
    with Session(engine) as session:
        return list(session.scalars(select(ScrapeJob).where(ScrapeJob.kind == ANALYZE_KIND)))


def test_first_visit_shows_the_analysis_job_then_its_result(large: Engine) -> None:
    app = insights_page()
    assert [p.proto.text for p in app.get("progress")][0].startswith(
        "Analyzing this niche for the first time"
    )
    assert not app.metric, "nothing is drawn before the analysis exists"
    assert len(analysis_jobs(large)) == 1
    assert not insights_page().exception and len(analysis_jobs(large)) == 1, (
        "a second visit waits for the same job"
    )

    assert Worker(large).run_one()
    app = insights_page()
    assert not app.get("progress")
    assert [m.label for m in app.metric][:2] == ["Median views", "Engagement"]


def test_newer_data_keeps_the_last_analysis_on_screen_with_a_note(large: Engine) -> None:
    insights_page()
    assert Worker(large).run_one()
    niche = list_niches(large, local_user(large))[0]
    before = digest_status(large, local_user(large), niche.id)
    assert before is not None
    with Session(large) as session:
        creator = session.scalars(select(Creator).order_by(Creator.id).limit(1)).one()
    seen_again = CreatorRecord(creator.handle, stats=ProfileStats(followers=(creator.followers or 0) + 1))
    ingest(large, [Observation(seen_again, utcnow(), (), "test")])

    app = insights_page()
    assert "newer data is being analyzed in the background" in " ".join(c.value for c in app.caption)
    assert [m.label for m in app.metric][0] == "Median views"
    queued = [j for j in analysis_jobs(large) if j.status == "queued"]
    assert len(queued) == 1

    assert Worker(large).run_one()
    app = insights_page()
    assert "newer data is being analyzed" not in " ".join(c.value for c in app.caption)
    after = digest_status(large, local_user(large), niche.id)
    assert after is not None and after.computed_at > before.computed_at
