"""The pages a creator acts from, under AppTest on the demo in a creator's own zone (New York): the best
time to post on Insights, the weekly plan and its calendar, and what is new on Home since the last visit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from icalendar import Calendar
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from compass.db import make_engine_for_url
from compass.demo import load_demo
from compass.models import Video, utcnow
from compass.web.plan_view import plan_calendar, weekly_plan
from compass.workspace import list_niches, update_settings
from compass.workspace.digests import read_digest
from compass.workspace.users import local_user
from tests.web.apps import run_page, workspace_engine

ZONE = "America/New_York"


def _workspace(folder: Path) -> Path:
    engine = workspace_engine(folder)
    user = local_user(engine)
    assert load_demo(engine, user.id).created
    update_settings(engine, user, timezone=ZONE)
    engine.dispose()
    return folder


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _workspace(tmp_path_factory.mktemp("zone-demo"))


@pytest.fixture
def run(serve: Callable[[Path], None]) -> Callable[..., AppTest]:
    """Runs a page (a fresh browser session each time) on a workspace folder."""

    def open_page(folder: Path, path: str, **query: str) -> AppTest:
        serve(folder)
        return run_page(path, **query)

    return open_page


def test_insights_says_when_to_post_in_the_creators_zone(run, demo: Path) -> None:  # type: ignore[no-untyped-def]
    app = run(demo, "pages/3_Insights.py")
    assert f"When to post ({ZONE})" in [h.value for h in app.subheader]
    cards = [m for m in app.metric if m.value.endswith("% views")]
    assert cards, "the demo plants a Tuesday lift: a card should name when to post"
    assert all(m.value.startswith(("+", "-")) for m in cards)
    details = [c.value for c in app.caption if c.value.startswith("likely ")]
    assert len(details) == len(cards) and all(" videos vs " in d for d in details)


def test_the_plan_page_lists_the_posts_in_the_zone_and_its_calendar_parses_back(run, demo: Path) -> None:  # type: ignore[no-untyped-def]
    app = run(demo, "pages/6_Plan.py", weeks="2")
    posts = app.dataframe[0].value
    assert list(posts.columns) == ["post", "until", "slot", "why then", "evidence"]
    assert len(posts) >= 2 and posts["evidence"].str.len().min() > 20
    assert any(ZONE in c.value and "posts a week" in c.value for c in app.caption)
    assert app.query_params["weeks"] == "2"

    engine = make_engine_for_url(f"sqlite:///{demo / 'compass.sqlite3'}", "test")
    user = local_user(engine)
    (niche,) = list_niches(engine, user)
    digest = read_digest(engine, user, niche.id)
    engine.dispose()
    assert digest is not None and digest.timezone == ZONE
    plan = weekly_plan(digest, niche.name, 2)
    events = Calendar.from_ical(plan_calendar(plan)).walk("VEVENT")
    assert len(events) == len(plan.items) == plan.cadence.posts_per_week * 2
    starts = [event.decoded("dtstart") for event in events]
    assert all(start.tzinfo is not None and start.tzinfo.key == ZONE for start in starts)  # TZID, not UTC
    assert [f"{s:%a %-d %b %H:%M}" for s in sorted(starts)][: len(posts)] == posts["post"].tolist()[
        : len(starts)
    ]
    assert all(plan.now <= s < plan.now + timedelta(weeks=2) for s in starts)


def test_home_shows_whats_new_once_and_then_the_outlier_that_landed(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = _workspace(tmp_path)
    first = run(folder, "app.py")
    assert "What's new in the last 7 days" in " ".join(m.value for m in first.markdown)

    again = run(folder, "app.py")  # a later visit: the first one was recorded
    text = " ".join(m.value for m in again.markdown)
    assert "What's new since your last visit" in text and "Outlier video" not in text
    assert any(c.value.startswith("Nothing new") for c in again.caption)

    engine = make_engine_for_url(f"sqlite:///{folder / 'compass.sqlite3'}", "test")
    with Session(engine) as session, session.begin():
        creator_id, median = session.execute(
            select(Video.creator_id, func.max(Video.views)).group_by(Video.creator_id).limit(1)
        ).one()
        session.add(
            Video(
                tiktok_id="7999999999999999999",
                creator_id=creator_id,
                posted_at=utcnow() - timedelta(minutes=5),
                first_seen_at=utcnow(),
                views=median * 50,
            )
        )
    engine.dispose()
    landed = run(folder, "app.py")
    lines = [m.value for m in landed.markdown if m.value.startswith("- **Outlier video**")]
    assert len(lines) == 1 and "x their median" in lines[0], [m.value for m in landed.markdown]
    since = [m.value for m in landed.markdown if "since your last visit" in m.value][0]
    assert pd.Timestamp.now(tz=ZoneInfo(ZONE)).strftime("%a") in since  # the visit's time, in New York
