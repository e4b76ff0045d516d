"""A real headless Chromium on the stand-in: the page script fills the grid as TikTok's does.

Plain Selenium (the scraper's own browser module is tested elsewhere): load a profile, scroll to
the bottom until no tile is missing, and read the rendered DOM with compass.tiktok.parse_page.
Under the 2024 rules a visitor scrolls to the end; under 2026's the page signs its calls and a
signed-out visitor meets the login wall after the first page.
"""

from __future__ import annotations

import time

import pytest

from compass.tiktok import parse_page
from tests.standin import Rules, StandIn
from tests.standin.population import State
from tests.standin.shapes import round_count
from tests.support.browser import chrome_for_test

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def driver():
    browser = chrome_for_test()
    browser.set_page_load_timeout(60)
    yield browser
    browser.quit()


def _tiles(driver, name: str = "user-post-item") -> int:
    return driver.execute_script(f"return document.querySelectorAll('[data-e2e=\"{name}\"]').length")


def _scroll_until(
    driver, expected: int, *, name: str = "user-post-item", timeout: float = 120, click_refresh: bool = False
) -> int:
    """Scroll to the bottom until ``expected`` tiles are shown; on an error box, scroll up and down
    (or click Refresh) to retry, as a visitor would."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _tiles(driver, name) >= expected:
            break
        if click_refresh:
            driver.execute_script(
                "var b = document.querySelector('[data-e2e=\"refresh-button\"]'); if (b) b.click();"
                "var c = document.getElementById('captcha_refresh_button'); if (c) c.click();"
            )
        driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        time.sleep(0.05)
    return _tiles(driver, name)


def test_browser_profile_scroll_renders_every_video_tile(standin_2024, driver):
    member = standin_2024.population.largest(1)[0]
    expected = standin_2024.creator(member.handle)
    standin_2024.reset()
    driver.get(f"{standin_2024.url}/@{member.handle}")
    started = time.monotonic()
    shown = _scroll_until(driver, member.videos)
    print(f"\n{shown} tiles of @{member.handle} in {time.monotonic() - started:.1f} s")
    result = parse_page(driver.page_source, url=driver.current_url)
    assert result.status.ok and result.profile == expected.creator
    assert [t.tiktok_id for t in result.tile_videos] == [v.tiktok_id for v in expected.videos]
    assert [t.views for t in result.tile_videos] == [round_count(v.stats.views) for v in expected.videos]
    assert [t.badge == "Pinned" for t in result.tile_videos] == [v.is_pinned for v in expected.videos]
    assert all(t.url.startswith(f"{standin_2024.url}/@{member.handle}/") for t in result.tile_videos)
    assert standin_2024.stats()["requests"]["api_post_item_list"] == -(
        -member.videos // 35
    )  # 35 a page, each once


def test_browser_profile_first_page_only_until_scrolled(standin_2024, driver):
    member = standin_2024.population.largest(2)[1]
    driver.get(f"{standin_2024.url}/@{member.handle}")
    time.sleep(1.0)
    assert 0 < _tiles(driver) < member.videos  # only what fills the window, until the visitor scrolls


def test_browser_private_profile_shows_notice_and_no_grid(standin, driver):
    member = standin.population.with_state(State.PRIVATE)[0]
    standin.reset()
    driver.get(f"{standin.url}/@{member.handle}")
    assert "This account is private" in driver.page_source
    assert _tiles(driver) == 0
    assert "api_post_item_list" not in standin.stats()["requests"]


def test_browser_hashtag_and_search_pages_render_tiles(standin_2024, driver):
    driver.get(f"{standin_2024.url}/tag/fyp")
    assert _scroll_until(driver, 31, name="challenge-item", timeout=30) >= 31
    driver.get(f"{standin_2024.url}/search/user?q=gymtok")
    assert _scroll_until(driver, 11, name="search-user-container", timeout=30) >= 11
    link = driver.execute_script(
        "return document.querySelector('[data-e2e=\"search-user-container\"] a').getAttribute('href')"
    )
    assert link.startswith("/@")


def test_browser_faulty_api_errors_then_every_tile_after_retries(driver):
    with StandIn(
        seed=2,
        rules=Rules.of_era("2024"),
        fault_rate=0.3,
        faults=("challenge", "429", "5xx", "broken"),
        per_niche=40,
    ) as server:
        member = next(m for m in server.population.largest(100) if 150 <= m.videos <= 400)
        for _ in range(20):  # the page itself may be faulted: reload until it has its JSON
            driver.get(f"{server.url}/@{member.handle}")
            if "__UNIVERSAL_DATA_FOR_REHYDRATION__" in driver.page_source:
                break
        shown = _scroll_until(driver, member.videos, timeout=120, click_refresh=True)
        assert shown == member.videos
        stats = server.stats()
        print(f"\n{shown} tiles through faults {stats['fault_details']}")
        assert stats["faults"].get("challenge", 0) + stats["faults"].get("broken", 0) > 0
        ids = [t.tiktok_id for t in parse_page(driver.page_source, url=driver.current_url).tile_videos]
        assert ids == [v.tiktok_id for v in server.creator(member.handle).videos]


def test_browser_2026_profile_signs_its_first_page_then_shows_the_login_wall(standin, driver):
    member = standin.population.largest(1)[0]
    standin.reset()
    driver.get(f"{standin.url}/@{member.handle}")
    shown = _scroll_until(driver, member.videos, timeout=5)
    assert shown == standin.rules.wall_after
    assert driver.execute_script("return !!document.querySelector('[data-e2e=\"login-modal\"]')")
    stats = standin.stats()
    assert stats["requests"]["api_post_item_list"] == 1 and not stats["refused"]


def test_browser_2026_session_cookie_lifts_the_wall(standin, driver):
    member = next(m for m in standin.population.with_state(State.OK) if 100 <= m.videos <= 200)
    driver.get(f"{standin.url}/favicon.ico")
    driver.add_cookie({"name": "sessionid", "value": standin.session_id, "path": "/"})
    try:
        driver.get(f"{standin.url}/@{member.handle}")
        assert _scroll_until(driver, member.videos, timeout=60) == member.videos
        assert not driver.execute_script("return !!document.querySelector('[data-e2e=\"login-modal\"]')")
    finally:
        driver.delete_all_cookies()
