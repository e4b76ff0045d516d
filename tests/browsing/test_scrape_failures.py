"""Scrapes that fail, in a real Chromium: TikTok out of reach, TikTok gone mid-way, a page of an
unknown shape. Each fails in words (never the driver's), as often as the failure table says, and
leaves no browser process behind."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from compass.scraper.browser import Browser
from compass.scraper.failures import Failure
from compass.scraper.outcomes import PermanentScrapeError, ScrapeError
from compass.scraper.pacing import PacingSettings
from compass.scraper.profiles import scrape_profile
from compass.scraper.session import ScrapeSession
from tests.standin import StandIn, State
from tests.standin.fixtures import FAST_2026, STANDIN_SEED

pytestmark = pytest.mark.browser


class RecordingBrowsers:
    """A factory of real browsers that keeps each one, to check afterwards that none runs on."""

    def __init__(self) -> None:
        self.started: list[Browser] = []

    def __call__(self, **options: object) -> Browser:
        browser = Browser(**options)  # type: ignore[arg-type]
        self.started.append(browser)
        return browser

    def alive(self) -> list[int]:
        return [pid for b in self.started if b.processes is not None for pid in b.processes.alive()]


@pytest.fixture
def browsers() -> RecordingBrowsers:
    return RecordingBrowsers()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("base_url", "failure", "words"),
    [
        ("http://127.0.0.1:{port}", Failure.CONNECTION_REFUSED, "refused the connection"),
        ("http://tiktok.invalid", Failure.NAME_NOT_RESOLVED, "could not be looked up"),
    ],
)
def test_unreachable_tiktok_fails_at_once_in_one_sentence(
    browsers: RecordingBrowsers, base_url: str, failure: Failure, words: str
) -> None:
    session = ScrapeSession(
        base_url.format(port=_closed_port()), pacing=PacingSettings.fast(), browser_factory=browsers
    )
    with session, pytest.raises(PermanentScrapeError) as raised:
        scrape_profile(session, "someone")
    error = raised.value
    assert (
        error.failure is failure and str(error).startswith("Couldn't reach TikTok (") and words in str(error)
    )
    assert "\n" not in str(error) and "ERR_" not in str(error) and "Stacktrace" not in str(error)
    assert len(browsers.started) == 1  # one page load, no browser restarts, no retries
    with pytest.raises(PermanentScrapeError):
        scrape_profile(session, "someone.else")  # known out of reach: not even a browser
    assert len(browsers.started) == 1 and browsers.alive() == []


def test_tiktok_gone_mid_scrape_keeps_what_it_read_and_is_not_whole(browsers: RecordingBrowsers) -> None:
    server = StandIn(seed=STANDIN_SEED, rules=FAST_2026).start()
    member = next(m for m in server.population.largest(60) if 300 <= m.videos <= 450)

    def stop_after_a_hundred(done: int, total: int | None, step: str) -> None:
        if done >= 100 and server._server is not None:
            threading.Thread(target=server.stop).start()

    try:
        with ScrapeSession(server.url, pacing=PacingSettings.fast(), browser_factory=browsers) as session:
            scrape = scrape_profile(session, member.handle, progress=stop_after_a_hundred)
    finally:
        server.stop()
    assert not scrape.complete and scrape.failure is not None and scrape.failure.retried_later
    assert scrape.ended in (Failure.CONNECTION_LOST, Failure.CONNECTION_REFUSED, Failure.TIMEOUT)
    assert 100 <= scrape.videos < member.videos and scrape.coverage.expected == member.videos
    assert str(scrape.coverage) == f"{scrape.videos:,} of {member.videos:,}"
    assert browsers.alive() == []


class _NewLayout(BaseHTTPRequestHandler):
    """TikTok the day it renames its page state: well-formed pages no finder knows."""

    loads = 0

    def do_GET(self) -> None:  # noqa: N802
        if self.path.startswith("/@"):
            type(self).loads += 1
        body = (
            b'<!DOCTYPE html><html><body><script id="__NEXT_GEN_STATE__">{"user": 1}</script></body></html>'
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def new_layout() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NewLayout)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _NewLayout.loads = 0
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_unknown_page_shape_is_saved_said_and_loaded_only_twice(
    new_layout: str, tmp_path: Path, browsers: RecordingBrowsers
) -> None:
    session = ScrapeSession(
        new_layout, pacing=PacingSettings.fast(), browser_factory=browsers, pages_dir=tmp_path / "pages"
    )
    with session, pytest.raises(ScrapeError) as raised:
        scrape_profile(session, "someone")
    error = raised.value
    saved = list((tmp_path / "pages").glob("*.html"))
    assert error.failure is Failure.UNKNOWN_PAGE and not error.retried_later
    assert len(saved) == 1 and str(saved[0]) in str(error) and "__NEXT_GEN_STATE__" in saved[0].read_text()
    assert "era none" in error.where
    assert _NewLayout.loads == 2 and len(browsers.started) == 1
    assert browsers.alive() == []


def test_private_missing_and_banned_accounts_are_said_with_their_state(
    standin: StandIn, browsers: RecordingBrowsers
) -> None:
    with ScrapeSession(standin.url, pacing=PacingSettings.fast(), browser_factory=browsers) as session:
        for state, words in ((State.MISSING, "is not on TikTok"), (State.BANNED, "banned")):
            with pytest.raises(PermanentScrapeError) as raised:
                scrape_profile(session, standin.population.with_state(state)[0].handle)
            assert words in str(raised.value)
    assert browsers.alive() == []


def test_scrape_job_with_tiktok_gone_mid_way_saves_what_it_read_and_is_queued_again(
    pg_engine,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from sqlalchemy import func, select

    from compass.jobs import Worker, enqueue, get_job, retry
    from compass.jobs.kinds import load_builtin_kinds
    from compass.models import Video
    from compass.scraper.refresh import SCRAPE_KIND
    from compass.workspace.users import get_or_create_user

    server = StandIn(seed=STANDIN_SEED, rules=FAST_2026).start()
    member = next(m for m in server.population.largest(60) if 300 <= m.videos <= 450)
    monkeypatch.setenv("COMPASS_TIKTOK_URL", server.url)
    monkeypatch.setenv("COMPASS_SCRAPE_INTERVAL", "0")
    monkeypatch.setenv("COMPASS_SCRAPE_DELAY", "0")
    load_builtin_kinds()
    owner = get_or_create_user(pg_engine, "https://issuer", "creator").id
    job = enqueue(pg_engine, owner, SCRAPE_KIND, {"handle": f"@{member.handle}"}, max_attempts=1)

    def vanish_after_a_few_pages() -> None:
        while server._server is not None:
            if server.stats()["requests"].get("api_creator_items", 0) >= 5:
                server.stop()
                return
            threading.Event().wait(0.02)

    watcher = threading.Thread(target=vanish_after_a_few_pages)
    watcher.start()
    try:
        assert Worker(pg_engine).run_one()
    finally:
        server.stop()
        watcher.join()
    done = get_job(pg_engine, owner, job.id)
    with pg_engine.connect() as connection:
        saved = connection.execute(select(func.count()).select_from(Video)).scalar_one()
    assert done.status == "failed" and 0 < saved < member.videos  # one attempt allowed: spent
    assert done.error.startswith(f"Saved {saved:,} of {member.videos:,} videos of @{member.handle}; then ")
    assert "\n" not in done.error and "ERR_" not in done.error
    assert retry(pg_engine, owner, job.id).status == "queued"  # and `jobs retry` takes it back
