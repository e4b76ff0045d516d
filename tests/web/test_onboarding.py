"""Onboarding on an empty Home asks the creator's time zone with the niche, prefilled from the browser's."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from compass.discovery.kind import DISCOVER_KIND
from compass.workspace import get_settings, list_jobs, list_niches
from compass.workspace.users import local_user
from tests.web.apps import checked, run_page, workspace_engine


@pytest.fixture
def empty(tmp_path: Path, serve: Callable[[Path], None]) -> Iterator[Engine]:
    engine = workspace_engine(tmp_path)
    serve(tmp_path)
    yield engine
    engine.dispose()


def home(timezone: str | None) -> AppTest:
    return run_page("app.py", context={"timezone": timezone} if timezone else None)


@pytest.mark.parametrize(
    ("browser", "prefilled"), [("Asia/Tokyo", "Asia/Tokyo"), (None, "UTC"), ("Mars/Base", "UTC")]
)
def test_the_zone_is_prefilled_from_the_browser(empty: Engine, browser: str | None, prefilled: str) -> None:
    zone = next(s for s in home(browser).selectbox if s.label == "Your time zone")
    assert zone.value == prefilled


def test_onboarding_stores_the_zone_with_the_handle_niche_and_seeds(empty: Engine) -> None:
    app = home("Asia/Tokyo")
    next(t for t in app.text_input if t.label == "Your TikTok handle").input("@me.myself")
    next(t for t in app.text_input if t.label == "Name your niche").input("Calisthenics")
    app.text_area[0].input("@rival\n#calisthenics")
    next(s for s in app.selectbox if s.label == "Your time zone").select("America/Chicago")
    app.get("form_submit_button")[0].click()
    checked(app.run())
    user = local_user(empty)
    settings = get_settings(empty, user)
    assert (settings.timezone, settings.own_handle) == ("America/Chicago", "me.myself")
    (niche,) = list_niches(empty, user)
    assert niche.name == "Calisthenics"
    assert [job.kind for job in list_jobs(empty, user)] == [DISCOVER_KIND]
