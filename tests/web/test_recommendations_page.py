"""The Recommendations page only reads: the analysis stores the recommendations, the user's buttons change
them, and drawing the page writes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from compass.db import make_engine_for_url
from compass.demo import load_demo
from compass.migrations import upgrade
from compass.models import AuditEntry, Recommendation
from compass.reanalysis.compute import compute_digest
from compass.workspace.recommendations import dismiss, list_recommendations
from compass.workspace.users import local_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def analysed(tmp_path: Path, serve: Callable[[Path], None]) -> Iterator[Engine]:
    """The demo workspace, analysed the way the scheduler does it, before anyone opens a page."""
    engine = make_engine_for_url(f"sqlite:///{tmp_path / 'compass.sqlite3'}", "test")
    upgrade(engine)
    user = local_user(engine)
    summary = load_demo(engine, user.id)
    compute_digest(engine, user, summary.niche_id)
    serve(tmp_path)
    yield engine
    engine.dispose()


def stored(engine: Engine) -> tuple[list[tuple[Any, ...]], int]:
    """Every recommendation row as it stands, and the number of audit entries."""
    with Session(engine) as session:
        rows = session.execute(
            select(
                Recommendation.id,
                Recommendation.kind,
                Recommendation.group,
                Recommendation.status,
                Recommendation.status_changed_at,
                Recommendation.expected_gain,
            ).order_by(Recommendation.id)
        ).all()
        audit = session.scalar(select(func.count()).select_from(AuditEntry))
    return [tuple(row) for row in rows], int(audit or 0)


def test_drawing_the_recommendations_page_writes_nothing(analysed: Engine) -> None:
    """Before: the page saved the analysis' recommendations whenever none was new, on every draw."""
    before = stored(analysed)
    app = AppTest.from_file(str(ROOT / "pages/4_Recommendations.py"), default_timeout=120).run()
    assert not app.exception, [e.value for e in app.exception]
    assert any(b.label == "I'm trying it" for b in app.button), "the stored recommendations are shown"
    assert stored(analysed) == before
    assert before[0], "the analysis stored them"

    user = local_user(analysed)
    for recommendation in list_recommendations(analysed, user.id):
        dismiss(analysed, user.id, recommendation.id)
    none_new = stored(analysed)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("No new recommendation" in i.value for i in app.info)
    assert stored(analysed) == none_new
