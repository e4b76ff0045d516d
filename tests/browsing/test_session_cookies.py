"""A TikTok session brought by the user (COMPASS_TIKTOK_COOKIES): put into the browser before the
first page, it lifts the wall and the search gate; it never shows in a log line."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from compass.scraper.cookies import cookies_for, read_cookie_file
from compass.scraper.failures import Failure
from compass.scraper.listings import user_search
from compass.scraper.outcomes import ScrapeError
from compass.scraper.pacing import PacingSettings
from compass.scraper.profiles import scrape_profile
from compass.scraper.session import ScrapeSession
from tests.standin import StandIn, State

pytestmark = pytest.mark.browser


def _cookie_file(standin: StandIn, folder: Path) -> Path:
    path = folder / "cookies.txt"
    path.write_text(
        "# Netscape HTTP Cookie File\n"
        f"#HttpOnly_{standin.host}\tFALSE\t/\tFALSE\t0\tsessionid\t{standin.session_id}\n"
        f".tiktok.com\tTRUE\t/\tTRUE\t0\tsessionid\tsomeone-elses\n"
    )
    return path


@pytest.mark.usefixtures("patient_first_page")
def test_session_cookie_lifts_the_wall_so_the_page_lists_every_video(
    standin: StandIn, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    member = next(
        m
        for m in standin.population.with_state(State.OK)
        if 120 <= m.videos <= 200 and not standin.site.hides_sec_uid(m)
    )
    cookies = cookies_for(read_cookie_file(_cookie_file(standin, tmp_path)), standin.url)
    assert [c.name for c in cookies] == ["sessionid"]
    caplog.set_level(logging.DEBUG)
    with ScrapeSession(standin.url, pacing=PacingSettings.fast(), cookies=cookies) as session:
        scrape = scrape_profile(session, member.handle)
        users = [u for feed in user_search(session, "gym") for u in feed.users]
    assert scrape.complete and scrape.from_page == member.videos and scrape.from_creator_list == 0
    assert users
    assert standin.session_id not in caplog.text


def test_signed_out_search_meets_the_login_wall_in_words(standin: StandIn) -> None:
    with (
        ScrapeSession(standin.url, pacing=PacingSettings.fast()) as session,
        pytest.raises(ScrapeError) as raised,
    ):
        user_search(session, "gym")
    assert raised.value.failure is Failure.LOGIN_WALL and "COMPASS_TIKTOK_COOKIES" in str(raised.value)
