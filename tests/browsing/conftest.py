"""Browser tests: a real headless Chromium against the local TikTok stand-in."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from compass.scraper import profiles
from compass.scraper.browser import BrowserUnavailable, chromedriver_path, chromium_path
from compass.scraper.pacing import PacingSettings
from compass.scraper.session import ScrapeSession
from tests.conftest import _require
from tests.standin import StandIn
from tests.standin.fixtures import faulty_standin, standin, standin_2024  # noqa: F401 - fixtures for this package


@pytest.fixture(scope="session", autouse=True)
def chromium() -> None:
    try:
        chromium_path()
        chromedriver_path()
    except BrowserUnavailable as exc:
        _require("Chromium", str(exc))
    assert shutil.which("chromium") or chromium_path()


@pytest.fixture
def session_for() -> Iterator[object]:
    """Opens scrape sessions on a stand-in, with the pacing of the real scraper but no waiting."""
    opened: list[ScrapeSession] = []

    def open_session(server: StandIn) -> ScrapeSession:
        session = ScrapeSession(server.url, pacing=PacingSettings.fast())
        opened.append(session)
        return session

    yield open_session
    for session in opened:
        session.close()


@pytest.fixture
def patient_first_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """For tests that check exactly which videos came from the page's own lists: the page's first
    list must not miss its wait on a loaded machine (under CI it once took over 4 s), or the
    scraper rightly falls back to the creator list and the split moves."""
    monkeypatch.setattr(profiles, "FIRST_PAGE_WAIT_SECONDS", 30.0)


@pytest.fixture
def db(engine: Engine) -> Engine:
    return engine
