"""The demo shows the same analysis whenever it is loaded. Anchored to the hour, its recommendations
came and went with the time of day, and the page tests failed in the evening."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine

from compass.demo import demo_end, load_demo
from compass.models import Base
from compass.reanalysis.compute import compute_digest
from compass.workspace.users import get_or_create_user


def _demo_analysis(engine: Engine, now: datetime) -> tuple[list[str], list[str]]:
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    user = get_or_create_user(engine, "https://issuer.example", "demo")
    summary = load_demo(engine, user.id, now=now)
    digest = compute_digest(engine, user, summary.niche_id)
    assert digest is not None
    return [i["text"] for i in digest.insights], [r.title for r in digest.recommendations]


def test_demo_end_is_the_start_of_the_week() -> None:
    assert demo_end(datetime(2026, 11, 26, 22, 5, tzinfo=UTC)) == datetime(2026, 11, 23, tzinfo=UTC)
    assert demo_end(datetime(2026, 11, 23, 0, 0, tzinfo=UTC)) == datetime(2026, 11, 23, tzinfo=UTC)


def test_the_demo_shows_the_same_insights_and_recommendations_at_any_time(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from compass.db import make_engine_for_url

    engine = make_engine_for_url(f"sqlite:///{tmp_path / 'demo.sqlite3'}", "test")
    morning = _demo_analysis(engine, datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    evening_weeks_later = _demo_analysis(engine, datetime(2027, 1, 7, 22, 5, tzinfo=UTC))
    engine.dispose()
    assert morning == evening_weeks_later
    insights, recommendations = morning
    assert insights and recommendations
