"""The real thing in headless Chromium: sign-in through the streamlit-oauth button and its popup against
oidc-provider-mock and `streamlit run app.py`, a session that survives a reload, sign-out, every page
gated, and scraped text that renders inert."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select
from sqlalchemy.orm import Session
from streamlit.source_util import page_icon_and_name

from compass.db import make_engine_for_url
from compass.models import AuditEntry, User, UserSession
from compass.web.gate import SIGN_IN_TEXT, SIGN_IN_TITLE
from compass.workspace.audit import Action
from tests.support.browser import chrome_for_test

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "compass-e2e"
CLIENT_SECRET = "e2e-secret-not-real"
ALICE = '{"sub": "alice-sub", "email": "alice@example.com", "email_verified": true, "name": "Alice"}'
BUTTON_FRAME = "iframe[title='streamlit_oauth.authorize_button']"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_http(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def base_env(tmp: Path) -> dict[str, str]:
    ours = ("COMPASS_", "DATABASE_URL", "STREAMLIT_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    database = f"sqlite:///{tmp / 'app.sqlite3'}"
    env.update(PYTHONPATH=str(ROOT), COMPASS_DATA_DIR=str(tmp), DATABASE_URL=database)
    return env


@dataclass
class App:
    url: str
    issuer: str
    database_url: str


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """oidc-provider-mock and `streamlit run app.py`, both on free localhost ports, wired to each other."""
    tmp = tmp_path_factory.mktemp("e2e")
    provider_port, app_port = free_port(), free_port()
    issuer, url = f"http://localhost:{provider_port}", f"http://localhost:{app_port}"
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
        base_env(tmp),
        tmp / "provider.log",
    )
    env = base_env(tmp) | {
        "COMPASS_OIDC_ISSUER": issuer,
        "COMPASS_OIDC_CLIENT_ID": CLIENT_ID,
        "COMPASS_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "COMPASS_PUBLIC_URL": url,
    }
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
    try:
        wait_http(f"{issuer}/.well-known/openid-configuration", provider)
        wait_http(f"{url}/_stcore/health", streamlit)
        yield App(url, issuer, env["DATABASE_URL"])
    finally:
        stop(streamlit)
        stop(provider)
        log = (tmp / "streamlit.log").read_text(errors="replace")
        assert CLIENT_SECRET not in log, "the client secret reached the app's log"


@pytest.fixture(scope="module")
def chrome() -> Iterator[WebDriver]:
    driver = chrome_for_test()
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(chrome: WebDriver) -> WebDriver:
    for handle in chrome.window_handles[1:]:
        chrome.switch_to.window(handle)
        chrome.close()
    chrome.switch_to.window(chrome.window_handles[0])
    chrome.get("about:blank")
    chrome.execute_cdp_cmd("Network.clearBrowserCookies", {})
    return chrome


def wait_idle(driver: WebDriver, timeout: float = 30) -> None:
    """Until the script run has finished drawing (NOTES.md: script state, skeletons, stale elements)."""

    def idle(d: WebDriver) -> bool:
        apps = d.find_elements(By.CSS_SELECTOR, '[data-testid="stApp"]')
        return bool(
            apps
            and apps[0].get_attribute("data-test-script-state") == "notRunning"
            and not d.find_elements(By.CSS_SELECTOR, '[data-testid="stSkeleton"]')
            and not d.find_elements(By.CSS_SELECTOR, '[data-stale="true"]')
        )

    WebDriverWait(driver, timeout).until(idle)


def main_text(driver: WebDriver) -> str:
    return driver.find_element(By.CSS_SELECTOR, '[data-testid="stMain"]').text


def wait_text(driver: WebDriver, text: str, timeout: float = 30) -> None:
    wait = WebDriverWait(driver, timeout, ignored_exceptions=(WebDriverException,))
    wait.until(lambda d: text in visible(d.find_element(By.TAG_NAME, "body").text))


def visible(text: str) -> str:
    """What a reader sees: without the invisible word joiners that keep e-mail addresses from linking."""
    return text.replace("\u2060", "")


def sign_in(driver: WebDriver, app: App, subject: str = "alice-sub") -> None:
    """Clicks the real streamlit-oauth button, and fills the provider's form in its popup."""
    driver.get(app.url)
    wait = WebDriverWait(driver, 30)
    main_window = driver.current_window_handle
    frame = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, BUTTON_FRAME)))
    driver.switch_to.frame(frame)
    button = wait.until(EC.element_to_be_clickable((By.TAG_NAME, "button")))
    assert button.text == "Sign in with Google"
    button.click()
    driver.switch_to.default_content()
    wait.until(lambda d: len(d.window_handles) > 1)
    popup = next(h for h in driver.window_handles if h != main_window)
    driver.switch_to.window(popup)
    assert driver.current_url.startswith(f"{app.issuer}/oauth2/authorize?")
    assert "code_challenge_method=S256" in driver.current_url and "nonce=" in driver.current_url
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "input[name='sub']"))).send_keys(subject)
    driver.find_element(By.CSS_SELECTOR, "form[method='post'] button[type='submit']:not([name])").click()
    driver.switch_to.window(main_window)


def session_cookie(driver: WebDriver) -> dict | None:
    return next((c for c in driver.get_cookies() if c["name"] == "compass_session"), None)


def test_browser_sign_in_survives_a_reload_and_sign_out_kills_the_cookie(
    browser: WebDriver, app: App
) -> None:
    sign_in(browser, app)
    wait_text(browser, "Signed in as alice@example.com")
    wait_idle(browser)
    assert "Creator Compass" in main_text(browser) and SIGN_IN_TITLE not in main_text(browser)

    cookie = session_cookie(browser)
    assert cookie is not None
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert "compass_session" not in browser.execute_script("return document.cookie")

    browser.refresh()
    wait_text(browser, "Signed in as alice@example.com")
    browser.switch_to.new_window("tab")
    browser.get(app.url)
    wait_text(browser, "Signed in as alice@example.com")
    browser.close()
    browser.switch_to.window(browser.window_handles[0])

    engine = make_engine_for_url(app.database_url)
    with Session(engine) as session:
        user = session.scalars(select(User).where(User.subject == "alice-sub")).one()
        assert user.issuer == app.issuer and user.email == "alice@example.com"
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.user_id == user.id)).all()
        assert actions == [Action.SIGN_IN]
        stored = session.scalars(select(UserSession.id_hash).where(UserSession.user_id == user.id)).all()
    assert cookie["value"] not in stored  # only its hash is stored

    browser.find_element(By.CSS_SELECTOR, ".st-key-_compass_sign_out button").click()
    wait_text(browser, SIGN_IN_TITLE)
    assert session_cookie(browser) is None

    # The old cookie, replayed, no longer opens anything.
    browser.add_cookie(
        {
            "name": "compass_session",
            "value": cookie["value"],
            "path": "/",
            "httpOnly": True,
            "sameSite": "Strict",
        }
    )
    browser.refresh()
    wait_text(browser, SIGN_IN_TITLE)
    wait_text(browser, "Your session has ended")
    assert "Signed in as" not in visible(browser.find_element(By.TAG_NAME, "body").text)
    with Session(engine) as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.user_id == user.id)).all()
        query = select(UserSession.revoked_reason).where(UserSession.user_id == user.id)
        revoked = session.scalars(query).all()
    assert Action.SIGN_OUT in actions and revoked == ["signed_out"]
    engine.dispose()


def page_urls() -> list[str]:
    """The home page and every page under pages/, as Streamlit names their URLs."""
    pages = sorted((ROOT / "pages").glob("*.py"))
    return ["", *(page_icon_and_name(page)[1] for page in pages)]


@pytest.mark.parametrize("path", page_urls())
def test_browser_every_page_opened_signed_out_shows_only_the_sign_in(
    browser: WebDriver, app: App, path: str
) -> None:
    browser.get(f"{app.url}/{path}")
    WebDriverWait(browser, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, BUTTON_FRAME)))
    wait_idle(browser)
    text = main_text(browser)
    assert text.splitlines()[0] == SIGN_IN_TITLE
    assert text.splitlines() == [SIGN_IN_TITLE, SIGN_IN_TEXT]  # nothing of the page itself
    containers = '[data-testid="stMain"] [data-testid="stElementContainer"]'
    blocks = browser.find_elements(By.CSS_SELECTOR, containers)
    kinds = {b.find_element(By.XPATH, "./*").get_attribute("data-testid") or "iframe" for b in blocks}
    assert kinds <= {"stHeading", "stMarkdown", "stCustomComponentV1", "iframe"}, kinds


@pytest.fixture(scope="module")
def inert_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("inert")
    port = free_port()
    process = start(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "tests/auth/inert_page.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        base_env(tmp),
        tmp / "streamlit.log",
    )
    try:
        wait_http(f"http://localhost:{port}/_stcore/health", process)
        yield f"http://localhost:{port}"
    finally:
        stop(process)


def test_browser_scraped_text_with_script_img_and_links_renders_inert(
    browser: WebDriver, inert_app: str
) -> None:
    browser.get(inert_app)
    wait_text(browser, "render-finished")
    wait_idle(browser)
    time.sleep(0.5)  # an onerror handler would have fired by now
    assert browser.execute_script("return window.__pwned === undefined")
    main = browser.find_element(By.CSS_SELECTOR, '[data-testid="stMain"]')
    assert main.find_elements(By.TAG_NAME, "script") == []
    assert main.find_elements(By.TAG_NAME, "img") == []
    links = [a.get_attribute("href") for a in main.find_elements(By.TAG_NAME, "a")]
    assert not [href for href in links if href and ("evil" in href or href.startswith("javascript"))], links
    for tag in ("strong", "em", "ul", "h1"):
        assert main.find_elements(By.CSS_SELECTOR, f'[data-testid="stMarkdownContainer"] {tag}') == [], tag
    text = main.text
    assert "<script>window.__pwned = 1</script>caption one" in text
    assert "[click me](javascript:window.__pwned=3)" in text
    assert "**bold** _italic_" in text
