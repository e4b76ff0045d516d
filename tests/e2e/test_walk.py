"""The end-to-end walk, as a creator does it, in a real headless Chromium against `streamlit run app.py`
on a fresh PostgreSQL database, with `scheduler.py` running the background jobs against the local
TikTok stand-in and sign-in through oidc-provider-mock:

sign in (a browser in New York time) → onboarding on Home (own handle, a niche with one seed, the zone
prefilled from the browser) → Discover follows the discovery job live until the similar creators are
listed → Home with what is new, Insights with the best time to post in New York, Recommendations, the
weekly plan and Jobs on the data the job collected, every table on Insights and the plan downloaded and
read back (CSV with pandas, definitions beside it, the calendar with icalendar) → a real capture
imported on Home → one creator's page (``?handle=``) → its videos' CSV download → a second niche made
on Discover, chosen and confirmed.

Full-page screenshots of every page visited are saved in ``test-artifacts/e2e/`` (git-ignored).
"""

from __future__ import annotations

import csv
import io
import re
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from icalendar import Calendar
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from compass.db import make_engine_for_url
from compass.models import Creator, User, Video
from compass.workspace import list_members, list_niches
from tests.auth.test_browser import (  # the sign-in walk's helpers and its Chromium, reused
    ALICE,
    CLIENT_ID,
    CLIENT_SECRET,
    ROOT,
    App,
    base_env,
    browser,  # noqa: F401 - fixture
    chrome,  # noqa: F401 - fixture
    free_port,
    sign_in,
    start,
    stop,
    visible,
    wait_http,
    wait_idle,
    wait_text,
)
from tests.conftest import _require, shared_file
from tests.standin import StandIn, State
from tests.support.postgres import PostgresUnavailable, admin_url, create_database

pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.slow]

ARTIFACTS = ROOT / "test-artifacts" / "e2e"
WIDTH = 1280
DISCOVERY_TIMEOUT = 300
ZONE = "America/New_York"  # the browser's: onboarding prefills it, every page then speaks it
ALERTS = "Outlier video|Follower jump|Rising sound|Rising hashtag|New member"
CAPTURE = "fixtures/tiktok/neovolkov_2025-10_api_post_item_list.json"  # a real response, dated inside


@dataclass
class Walk:
    app: App
    standin: StandIn
    own: str
    seed: str
    downloads: Path
    logs: Path


def pick_creators(standin: StandIn) -> tuple[str, str]:
    """A mid-sized fitness creator (the user) and a bigger one of the same niche (the seed)."""
    fitness = sorted(
        (
            m
            for m in standin.population.members
            if m.niche == "fitness" and m.state is State.OK and not m.prolific and m.videos >= 40
        ),
        key=lambda m: (m.followers, m.handle),
    )
    return fitness[len(fitness) // 2].handle, fitness[len(fitness) * 4 // 5].handle


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory, standin: StandIn) -> Iterator[Walk]:
    """oidc-provider-mock, `streamlit run app.py` and `scheduler.py`, on one fresh PostgreSQL database."""
    try:
        database = create_database(admin_url(), prefix="compass_e2e")
    except PostgresUnavailable as exc:
        _require("PostgreSQL", str(exc))
        raise
    tmp = tmp_path_factory.mktemp("walk")
    provider_port, app_port = free_port(), free_port()
    issuer, url = f"http://localhost:{provider_port}", f"http://localhost:{app_port}"
    env = base_env(tmp) | {
        "DATABASE_URL": database,
        "COMPASS_TIKTOK_URL": standin.url,
        "COMPASS_SCRAPE_INTERVAL": "0",
        "COMPASS_SCRAPE_DELAY": "0",
        "COMPASS_OIDC_ISSUER": issuer,
        "COMPASS_OIDC_CLIENT_ID": CLIENT_ID,
        "COMPASS_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "COMPASS_PUBLIC_URL": url,
    }
    provider = start(
        [
            sys.executable,
            "-m",
            "oidc_provider_mock",
            "--port",
            str(provider_port),
            "--require-nonce",
            "true",
            "--user-claims",
            ALICE,
        ],
        env,
        tmp / "provider.log",
    )
    streamlit = start(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(app_port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        env,
        tmp / "streamlit.log",
    )
    scheduler = start([sys.executable, "scheduler.py"], env, tmp / "scheduler.log")
    own, seed = pick_creators(standin)
    downloads = tmp / "downloads"
    downloads.mkdir()
    try:
        wait_http(f"{issuer}/.well-known/openid-configuration", provider)
        wait_http(f"{url}/_stcore/health", streamlit)
        yield Walk(App(url, issuer, database), standin, own, seed, downloads, tmp)
    finally:
        for process in (scheduler, streamlit, provider):
            stop(process)


# ---- drawing, waiting, screenshots ---------------------------------------------------------------


def wait_drawn(driver: WebDriver, timeout: float = 60) -> None:
    """Until the run has finished drawing: script state, no skeleton or stale element, every chart's marks."""
    wait_idle(driver, timeout)

    def charts_drawn(d: WebDriver) -> bool:
        return bool(
            d.execute_script(
                "return Array.from(document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]'))"
                ".every(c => c.querySelector('svg.marks'));"
            )
        )

    WebDriverWait(driver, timeout, ignored_exceptions=(WebDriverException,)).until(charts_drawn)
    wait_idle(driver, timeout)


def no_exception(driver: WebDriver) -> None:
    shown = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stException"]')
    assert not shown, shown[0].text


def screenshot(driver: WebDriver, name: str) -> Path:
    """A full-page PNG: the window grown to the height of the page's own scroll area."""
    wait_drawn(driver)
    no_exception(driver)
    height = int(
        driver.execute_script("return document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    )
    driver.set_window_size(WIDTH, max(900, height + 40))
    time.sleep(0.4)  # charts re-lay out to the new size
    wait_drawn(driver)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(WIDTH, 900)
    return path


def body_text(driver: WebDriver) -> str:
    return visible(driver.find_element(By.TAG_NAME, "body").text)


def selectbox_shown(driver: WebDriver, label: str) -> str:
    """What the select box labelled ``label`` shows: its text, or its search field's value."""
    box = driver.find_element(By.XPATH, f'//*[@data-testid="stSelectbox"][.//label[contains(., "{label}")]]')
    fields = box.find_elements(By.TAG_NAME, "input")
    return " ".join([box.text, *(f.get_attribute("value") or "" for f in fields)])


def fill(driver: WebDriver, label: str, value: str) -> None:
    """Types into the field labelled ``label`` once it can be typed in (an expander opens with a slide)."""
    field = WebDriverWait(driver, 30).until(
        EC.element_to_be_clickable((By.CSS_SELECTOR, f'[aria-label="{label}"]'))
    )
    field.clear()
    field.send_keys(value)


def has_button(driver: WebDriver, text: str) -> bool:
    return any(
        b.text.strip() == text for b in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stMain"] button')
    )


def click_button(driver: WebDriver, text: str) -> None:
    buttons = [
        b
        for b in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stMain"] button')
        if b.text.strip() == text
    ]
    assert buttons, f"no button {text!r}"
    buttons[0].click()


def open_page(driver: WebDriver, walk: Walk, path: str) -> None:
    driver.get(f"{walk.app.url}/{path}")
    wait_text(driver, "Signed in as alice@example.com")
    wait_drawn(driver)


def choose_tab(driver: WebDriver, label: str) -> None:
    """Clicks the tab ``label`` and waits until the page has drawn its content (tabs run on demand)."""
    tab = driver.find_element(By.XPATH, f'//*[@role="tab"][normalize-space(.)="{label}"]')
    tab.click()
    WebDriverWait(driver, 30).until(lambda d: tab.get_attribute("aria-selected") == "true")
    wait_drawn(driver)


def read_download(folder: Path, name: str, timeout: float = 30) -> bytes:
    path = folder / name
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and not list(folder.glob("*.crdownload")):
            return path.read_bytes()
        time.sleep(0.1)
    raise AssertionError(f"{name} did not arrive in {folder}: {sorted(p.name for p in folder.iterdir())}")


def downloads_to(driver: WebDriver, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior",
        {"behavior": "allow", "downloadPath": str(folder), "eventsEnabled": True},
    )
    return folder


def download_every_table(driver: WebDriver, folder: Path) -> dict[str, Path]:
    """Presses every download button of the page, one after the other, and returns the files by name;
    they land in ``folder``."""
    downloads_to(driver, folder)
    got: dict[str, Path] = {}
    count = len(driver.find_elements(By.CSS_SELECTOR, '[data-testid="stDownloadButton"] button'))
    for index in range(count):
        wait_drawn(driver)
        before = {p.name for p in folder.iterdir()}
        button = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stDownloadButton"] button')[index]
        label = button.text
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", button)
        deadline = time.monotonic() + 90
        while True:
            new = [p for p in folder.iterdir() if p.name not in before and p.suffix != ".crdownload"]
            if new and not list(folder.glob("*.crdownload")):
                got.update({p.name: p for p in new})
                break
            if time.monotonic() > deadline:
                screenshot(driver, f"download-{folder.name}-{index + 1}")
                raise AssertionError(f"{label!r} ({index + 1} of {count}) gave nothing: {sorted(before)}")
            time.sleep(0.1)
    return got


def read_tables(files: dict[str, Path]) -> dict[str, pd.DataFrame]:
    """Each CSV as pandas reads a file it is given, and beside it, in its zip, its definitions."""
    tables = {}
    for name, path in files.items():
        if path.suffix == ".csv":
            tables[path.stem] = pd.read_csv(path)
            bundle = files[f"{path.stem}.zip"]
            with zipfile.ZipFile(bundle) as archive:
                assert archive.read(name) == path.read_bytes()
                definitions = pd.read_csv(io.BytesIO(archive.read(f"{path.stem}.definitions.csv")))
            assert list(definitions.columns) == ["about", "name", "value"]
            defined = set(definitions.loc[definitions["about"] == "column", "name"])
            assert set(tables[path.stem].columns) <= defined, (name, set(tables[path.stem].columns) - defined)
    return tables


# ---- the walk ----------------------------------------------------------------------------------------


def test_walk_sign_in_onboard_discover_creator_and_csv(browser: WebDriver, walk: Walk) -> None:  # noqa: F811
    started = time.monotonic()
    driver = browser
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior",
        {"behavior": "allow", "downloadPath": str(walk.downloads), "eventsEnabled": True},
    )

    driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": ZONE})

    # Sign in through the local OpenID provider: the streamlit-oauth button and its popup.
    sign_in(driver, walk.app)
    wait_text(driver, "Signed in as alice@example.com")
    wait_text(driver, "Start with your niche")
    screenshot(driver, "01-home-onboarding")

    # Onboarding: own handle, a niche, one seed of the same niche, the zone as the browser reports it; the
    # app moves on to Discover.
    assert ZONE in selectbox_shown(driver, "Your time zone")
    fill(driver, "Your TikTok handle", f"@{walk.own}")
    fill(driver, "Name your niche", "Home fitness")
    fill(driver, "Seeds: competitors' handles, hashtags, keywords", f"@{walk.seed}")
    click_button(driver, "Find my niche")
    WebDriverWait(driver, 30).until(lambda d: "/Discover" in d.current_url and "niche=" in d.current_url)
    wait_text(driver, "Discover your niche")
    wait_idle(driver)
    screenshot(driver, "02-discover-running")

    # The discovery job runs in scheduler.py; the page follows it and lists the creators once it is done.
    engine = make_engine_for_url(walk.app.database_url, "test")
    try:
        deadline = time.monotonic() + DISCOVERY_TIMEOUT
        while "creators" not in [
            h.text.split(" ", 1)[-1]
            for h in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stMain"] h3')
        ]:
            text = body_text(driver)
            assert "The last discovery failed" not in text, text
            if time.monotonic() > deadline:
                log = (walk.logs / "scheduler.log").read_text(errors="replace")[-3000:]
                raise AssertionError(f"discovery did not finish in {DISCOVERY_TIMEOUT}s\n{text}\n{log}")
            time.sleep(1)
        wait_drawn(driver)
        text = body_text(driver)
        assert "Last discovery: Found" in text, text
        screenshot(driver, "03-discover-done")

        # What was found is real: members of the niche, with reasons, mostly of the seed's niche.
        with Session(engine) as session:
            user = session.scalars(select(User).where(User.subject == "alice-sub")).one()
        (niche,) = list_niches(engine, user)
        members = list_members(engine, user, niche.id)
        assert len(members) >= 5 and all(m.reason for m in members)
        fitness = {m.handle for m in walk.standin.population.members if m.niche == "fitness"}
        assert sum(m.handle in fitness for m in members) / len(members) >= 0.8
        assert f"{len(members)} creators" in text
        sources = {m.handle: m.source for m in members}
        assert sources.get(walk.own) == "seed" and sources.get(walk.seed) == "seed", sources

        # The other pages, on what the job collected.
        for number, (path, title, shown) in enumerate(
            (
                ("", "Creator Compass", "What's new in the last 7 days"),
                ("Insights", "Niche insights", f"When to post ({ZONE})"),
                ("Recommendations", "Recommendations", "Recommendations"),
                ("Plan", "Weekly plan", f"times in {ZONE}"),
                ("Jobs", "Jobs", "Jobs"),
            ),
            start=4,
        ):
            open_page(driver, walk, path)
            wait_text(driver, title)
            wait_text(driver, shown)
            if not path:
                wait_text(driver, "You against the niche")  # you, figure by figure against the niche
                assert re.search(ALERTS, body_text(driver))  # discovery added creators since
            screenshot(driver, f"{number:02d}-{(path or 'home').lower()}")

        # Every table of Insights, tab by tab, and of the plan, downloaded as a person would and read back.
        open_page(driver, walk, "Insights")
        insights = {}
        tabs = ("When to post", "Length", "Hashtags and sounds", "Cadence and you")
        for number, tab in enumerate(tabs):
            choose_tab(driver, tab)
            # A link opens the tab: the address names every tab but the first, which opens by default.
            assert parse_qs(urlsplit(driver.current_url).query).get("section", [tabs[0]]) == [tab]
            insights |= read_tables(download_every_table(driver, walk.downloads / f"insights-{number}"))
        assert {"posting-times", "length", "hashtags", "creators"} <= {
            name.rsplit("-", 1)[0] for name in insights
        }
        open_page(driver, walk, "Plan")
        plan_files = download_every_table(driver, walk.downloads / "plan")
        (posts,) = read_tables(plan_files).values()
        (ics,) = [p for p in plan_files.values() if p.suffix == ".ics"]
        events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
        assert len(events) == len(posts) > 0
        assert {event.decoded("dtstart").tzinfo.key for event in events} == {ZONE}

        # A real capture imported on Home, where the niche is listed; a second time, nothing is new.
        capture = shared_file(CAPTURE)
        for expected in (
            "Imported 1 new video of 1 new creator.",
            "Nothing new: these files were already imported.",
        ):
            open_page(driver, walk, "")
            driver.find_element(By.XPATH, "//summary[contains(., 'Import more exports')]").click()
            # The section's content runs once it is open: the uploader comes with the rerun.
            WebDriverWait(driver, 30).until(
                EC.presence_of_element_located(
                    (By.CSS_SELECTOR, '[data-testid="stFileUploaderDropzoneInput"]')
                )
            ).send_keys(str(capture))
            WebDriverWait(driver, 30).until(lambda d: has_button(d, "Import"))  # shown once a file is in
            click_button(driver, "Import")
            wait_text(driver, expected)
        screenshot(driver, "09-home-import")

        downloads_to(driver, walk.downloads)
        # One creator's page, opened by its URL, and the CSV of its videos.
        with Session(engine) as session:
            counts = dict(
                session.execute(
                    select(Creator.handle, func.count(Video.id))
                    .join(Video, Video.creator_id == Creator.id)
                    .where(Creator.handle.in_([m.handle for m in members]))
                    .group_by(Creator.handle)
                ).all()
            )
        handle = max(counts, key=lambda h: (counts[h], h))
        open_page(driver, walk, f"Creator?handle={handle}")
        wait_text(driver, f"@{handle}")
        wait_drawn(driver)
        screenshot(driver, "10-creator")
        charts = '[data-testid="stVegaLiteChart"] svg.marks'
        assert len(driver.find_elements(By.CSS_SELECTOR, charts)) == 1  # the others wait in their tabs
        buttons = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stDownloadButton"] button')
        assert len(buttons) == 4  # views over time's data and the videos: each a CSV, and a zip
        buttons[-2].click()
        content = read_download(walk.downloads, f"videos-{handle}.csv", timeout=90).decode("utf-8-sig")
        buttons[-1].click()
        bundle_bytes = read_download(walk.downloads, f"videos-{handle}.zip", timeout=90)
        for tab in ("When they post", "Length against views"):
            choose_tab(driver, tab)
            assert len(driver.find_elements(By.CSS_SELECTOR, charts)) == 2, tab

        # A second niche, made on Discover: the page moves to it and says so.
        open_page(driver, walk, "Discover")
        driver.find_element(By.XPATH, "//summary[contains(., 'New niche')]").click()
        fill(driver, "Name", "Yoga at home")
        click_button(driver, "Create")
        wait_text(driver, "Created the niche Yoga at home")
        assert "Yoga at home" in selectbox_shown(driver, "Niche")
        assert "/Discover" in driver.current_url and "niche=" in driver.current_url
        screenshot(driver, "11-discover-new-niche")
    finally:
        engine.dispose()

    with zipfile.ZipFile(io.BytesIO(bundle_bytes)) as bundle:
        facts = list(
            csv.DictReader(io.StringIO(bundle.read(f"videos-{handle}.definitions.csv").decode("utf-8-sig")))
        )
    assert {
        "about": "column",
        "name": "relative_views",
        "value": "views / the creator's median views",
    } in facts
    assert any(fact["about"] == "exported" for fact in facts)
    rows = list(csv.DictReader(io.StringIO(content)))  # the header on line 1: read as it is
    assert len(rows) == counts[handle]
    assert {"posted", "caption", "views", "likes", "link", "creator"} <= set(rows[0])
    assert all(row["creator"] == handle and row["views"].isdigit() for row in rows)
    served = {v.tiktok_id: v.stats.views for v in walk.standin.creator(handle).videos}
    for row in rows:
        tiktok_id = row["link"].rsplit("/", 1)[-1]
        assert int(row["views"]) == served[tiktok_id]
    assert time.monotonic() - started < 600
