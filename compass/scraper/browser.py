"""The browser: a real Chromium driven through undetected-chromedriver (plain Selenium as a fallback).

The only module that touches Selenium. It loads pages, scrolls like a visitor, and hands back the
page source and the page's own network responses (read over the Chrome DevTools Protocol), as text
for the pure parsers. Pacing, retries and interpretation live elsewhere.

Chromium starts in a process group of its own (through ``setsid``), so that closing a browser ends
every process it started, whatever state it is in (``compass.scraper.processes``). A driver error
never leaves this module as Selenium's text: it becomes a :class:`BrowserFailure` naming the case
of the failure table; Selenium's message goes to the log.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException

from compass.scraper.cookies import Cookie
from compass.scraper.failures import Failure, failure_of_browser_message
from compass.scraper.processes import BrowserProcesses, BrowserRegistry, children, end
from compass.settings import load_settings

log = logging.getLogger(__name__)

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMEDRIVER_CANDIDATES = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1280,1600",
    "--lang=en-US",
)


class _WithoutSecrets(logging.Filter):
    """Masks the user's cookie values in what Selenium logs of the commands it sends (at DEBUG it
    logs every command's parameters, ``Network.setCookie``'s too)."""

    def __init__(self, secrets: Sequence[str]) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, "[cookie value]")
            record.msg, record.args = message, None
        return True


SELENIUM_LOGGERS = (
    "selenium.webdriver.remote.remote_connection",
    "selenium.webdriver.common.service",
    "undetected_chromedriver",
    "uc",
)


class BrowserUnavailable(RuntimeError):
    """No Chromium or ChromeDriver could be started; the message says what is missing, ``reason``
    in a few words for a person (the drivers' own messages stay in the log)."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


class BrowserFailure(RuntimeError):
    """The browser could not do what was asked: ``failure`` says why in the table's terms; the
    driver's own message is kept in ``detail`` for the log, never shown."""

    def __init__(self, failure: Failure, detail: str) -> None:
        super().__init__(failure.value)
        self.failure = failure
        self.detail = detail


def _failure(exc: WebDriverException, what: str) -> BrowserFailure:
    detail = (exc.msg or str(exc)).splitlines()[0] if (exc.msg or str(exc)) else type(exc).__name__
    failure = Failure.TIMEOUT if isinstance(exc, TimeoutException) else failure_of_browser_message(detail)
    log.info("%s: %s (%s)", what, failure.value, detail)
    return BrowserFailure(failure, detail)


@dataclass(frozen=True)
class NetworkResponse:
    url: str
    status: int
    kind: str  # the DevTools resource type: Document, Fetch, XHR, ...
    body: str | None  # None when the body could not be read (the load failed or was cut)


@dataclass(frozen=True)
class LoadedPage:
    url: str
    status: int | None  # the document's HTTP status, when DevTools reported it
    html: str


def _find(configured: str | None, setting: str, candidates: tuple[str, ...], which: str) -> str:
    for path in (configured, *candidates, shutil.which(which)):
        if path and os.path.exists(path):
            return path
    raise BrowserUnavailable(f"{which} not found (install it, or set {setting} to its path)")


def chromium_path() -> str:
    return _find(load_settings().chromium, "COMPASS_CHROMIUM", CHROMIUM_CANDIDATES, "chromium")


def chromedriver_path() -> str:
    return _find(
        load_settings().chromedriver, "COMPASS_CHROMEDRIVER", CHROMEDRIVER_CANDIDATES, "chromedriver"
    )


def chromium_major_version(path: str | None = None) -> int:
    output = subprocess.run(
        [path or chromium_path(), "--version"], capture_output=True, text=True, timeout=30
    ).stdout
    match = re.search(r"(\d+)\.\d+\.\d+", output)
    if not match:
        raise BrowserUnavailable(f"cannot read the Chromium version from {output!r}")
    return int(match.group(1))


class Browser:
    """One headless Chromium. Use as a context manager; not shared between threads."""

    def __init__(
        self,
        *,
        user_agent: str,
        proxy: str | None = None,
        page_timeout: float = 30.0,
        undetected: bool = True,
        cookies: Sequence[Cookie] = (),
        registry: BrowserRegistry | None = None,
    ) -> None:
        self.user_agent = user_agent
        self.proxy = proxy
        self.page_timeout = page_timeout
        self.undetected = undetected
        self.cookies = tuple(cookies)
        self.registry = registry
        self.driver: Any = None
        self.driver_kind = ""
        self.processes: BrowserProcesses | None = None
        self._registered: int | None = None
        self._mask: _WithoutSecrets | None = None
        self._profile_dir = tempfile.mkdtemp(prefix="compass-chromium-")
        self._driver_dir = tempfile.mkdtemp(prefix="compass-driver-")
        self._pending: dict[str, dict[str, Any]] = {}
        self._finished: list[NetworkResponse] = []

    def __enter__(self) -> Browser:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _arguments(self) -> list[str]:
        arguments = [*CHROMIUM_FLAGS, f"--user-agent={self.user_agent}"]
        if self.proxy:
            arguments.append(f"--proxy-server={self.proxy}")
        return arguments

    def start(self) -> None:
        chromium, chromedriver = chromium_path(), chromedriver_path()
        self._launcher = launcher = self._own_group_launcher(chromium)
        if self.registry is not None:  # listed before anything starts: a kill while starting is found too
            self._registered = self.registry.add(BrowserProcesses(folders=self._folders))
        errors = []
        try:
            if self.undetected:
                try:
                    self.driver = self._start_undetected(launcher, chromium, chromedriver)
                    self.driver_kind = "undetected-chromedriver"
                except Exception as exc:  # noqa: BLE001 - fall back to plain Selenium, say why
                    errors.append(
                        f"undetected-chromedriver: {str(exc).splitlines()[0] if str(exc) else exc!r}"
                    )
                    log.warning("undetected-chromedriver failed (%s); using plain Selenium", errors[-1])
                    self._end_processes()
            if self.driver is None:
                try:
                    self.driver = self._start_selenium(launcher, chromedriver)
                    self.driver_kind = "selenium"
                except WebDriverException as exc:
                    errors.append(f"selenium: {(exc.msg or str(exc)).splitlines()[0]}")
                    log.error("the browser cannot start: %s", "; ".join(errors))
                    raise BrowserUnavailable(
                        "; ".join(errors), "the driver could not start it; see the log"
                    ) from None
            self._track()
            self.driver.set_page_load_timeout(self.page_timeout)
            self.driver.set_script_timeout(self.page_timeout)
            self.driver.execute_cdp_cmd("Network.enable", {})
            # A plain Selenium fallback still must not announce itself.
            self.driver.execute_cdp_cmd(
                "Page.addScriptToEvaluateOnNewDocument",
                {"source": "Object.defineProperty(navigator, 'webdriver', {get: () => false})"},
            )
            if self.cookies:
                self._mask = _WithoutSecrets([cookie.value for cookie in self.cookies])
                for name in SELENIUM_LOGGERS:
                    logging.getLogger(name).addFilter(self._mask)
            for cookie in self.cookies:  # before the first page, as a signed-in visitor's browser
                self.driver.execute_cdp_cmd("Network.setCookie", cookie.to_cdp())
        except BaseException:
            self.close()
            raise

    def _own_group_launcher(self, chromium: str) -> str:
        """A two-line script that starts Chromium as the leader of a new process group."""
        setsid = shutil.which("setsid")
        if setsid is None:
            return chromium
        launcher = os.path.join(self._driver_dir, "chromium")
        with open(launcher, "w", encoding="utf-8") as script:
            script.write(f'#!/bin/sh\nexec {setsid} "{chromium}" "$@"\n')
        os.chmod(launcher, os.stat(launcher).st_mode | stat.S_IXUSR)
        return launcher

    def _track(self) -> None:
        """Notes the driver's and Chromium's processes (and lists them in the registry's file)."""
        driver_pid = getattr(getattr(getattr(self.driver, "service", None), "process", None), "pid", None)
        browser_pid = getattr(self.driver, "browser_pid", None)
        if browser_pid is None and driver_pid:  # plain Selenium: Chromium is the driver's child
            browser_pid = next(iter(children(driver_pid)), None)
        self.processes = BrowserProcesses.of(
            int(browser_pid) if browser_pid else None,
            driver_pid,
            own_group=self._launcher != chromium_path(),
            folders=self._folders,
        )
        if self.registry is not None and self._registered is not None:
            self.registry.update(self._registered, self.processes)

    @property
    def _folders(self) -> tuple[str, ...]:
        return (self._profile_dir, self._driver_dir)

    def _end_processes(self) -> None:
        """Ends every process of this browser, the driver included, whatever state they are in:
        the driver's quit, then the process group, then anything still naming our folders (what a
        failed start left running: a Chromium whose driver never connected)."""
        driver, self.driver = self.driver, None
        if driver is not None:
            try:
                driver.quit()
            except Exception:  # noqa: BLE001 - the browser may already be gone
                log.debug("browser quit failed", exc_info=True)
        end(self.processes or BrowserProcesses(folders=self._folders))
        if self._mask is not None:
            for name in SELENIUM_LOGGERS:
                logging.getLogger(name).removeFilter(self._mask)
            self._mask = None
        if self.registry is not None and self._registered is not None:
            self.registry.remove(self._registered)
        self.processes = self._registered = None

    def _start_undetected(self, launcher: str, chromium: str, chromedriver: str) -> Any:
        import undetected_chromedriver as uc

        # undetected-chromedriver patches the driver binary it is given: give it a private copy.
        driver_copy = os.path.join(self._driver_dir, "chromedriver")
        shutil.copy(chromedriver, driver_copy)
        options = uc.ChromeOptions()
        for argument in self._arguments():
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        return uc.Chrome(
            options=options,
            browser_executable_path=launcher,
            driver_executable_path=driver_copy,
            version_main=chromium_major_version(chromium),
            user_data_dir=self._profile_dir,
            headless=False,  # --headless=new is already among the arguments
        )

    def _start_selenium(self, launcher: str, chromedriver: str) -> Any:
        options = webdriver.ChromeOptions()
        options.binary_location = launcher
        for argument in (*self._arguments(), f"--user-data-dir={self._profile_dir}"):
            options.add_argument(argument)
        options.add_experimental_option("excludeSwitches", ["enable-automation"])
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        return webdriver.Chrome(options=options, service=webdriver.ChromeService(chromedriver))

    def close(self) -> None:
        """Quits the browser and ends all of its processes; safe to call more than once."""
        self._end_processes()
        shutil.rmtree(self._profile_dir, ignore_errors=True)
        shutil.rmtree(self._driver_dir, ignore_errors=True)

    def load(self, url: str) -> LoadedPage:
        """Navigates to ``url``; returns the page source and the document's HTTP status."""
        self._drain()
        self._finished, self._pending = [], {}  # forget what earlier pages fetched
        try:
            self.driver.get(url)
            status = None
            for response in self.take_responses(kinds=("Document",)):
                status = response.status
            return LoadedPage(url=self.driver.current_url, status=status, html=self.driver.page_source)
        except WebDriverException as exc:
            raise _failure(exc, f"loading {url}") from None

    def on_site(self, base_url: str) -> bool:
        """Whether the current page is one of ``base_url``'s (so that a same-origin fetch works)."""
        try:
            return str(self.driver.current_url).startswith(base_url.rstrip("/") + "/")
        except WebDriverException as exc:
            raise _failure(exc, "reading the address") from None

    def process_ids(self) -> list[int]:
        """The driver's and the browser's process ids, for measuring memory."""
        if self.processes is None:
            return []
        return [pid for pid in (self.processes.driver_pid, self.processes.browser_pid) if pid]

    def _run(self, what: str, script: str, *args: Any, asynchronous: bool = False) -> Any:
        try:
            if asynchronous:
                return self.driver.execute_async_script(script, *args)
            return self.driver.execute_script(script, *args)
        except WebDriverException as exc:
            raise _failure(exc, what) from None

    def page_source(self) -> str:
        try:
            return str(self.driver.page_source)
        except WebDriverException as exc:
            raise _failure(exc, "reading the page") from None

    def evaluate(self, script: str, *args: Any) -> Any:
        return self._run("running a script", script, *args)

    def scroll_to_bottom(self) -> int:
        """Scrolls as a visitor does; returns the page's height afterwards."""
        return int(
            self._run(
                "scrolling",
                "window.scrollTo(0, document.documentElement.scrollHeight);"
                "window.dispatchEvent(new Event('scroll'));"
                "return document.documentElement.scrollHeight;",
            )
        )

    def scroll_by(self, pixels: int) -> None:
        self._run("scrolling", "window.scrollBy(0, arguments[0]);", pixels)

    def fetch_in_page(self, path: str) -> tuple[int, str]:
        """The page's own fetch of a same-origin path (its cookies and headers), as (status, body);
        status 0 when the request itself failed (the body then says why)."""
        result = self._run(
            f"fetching {path}",
            "const done = arguments[arguments.length - 1];"
            "fetch(arguments[0], {credentials: 'same-origin'})"
            ".then(r => r.text().then(t => done([r.status, t])))"
            ".catch(e => done([0, String(e)]));",
            path,
            asynchronous=True,
        )
        return int(result[0]), str(result[1])

    def take_responses(
        self, *, contains: str = "", kinds: tuple[str, ...] = ("Fetch", "XHR")
    ) -> list[NetworkResponse]:
        """Finished responses of the current page matching the filter, each handed out once."""
        self._drain()
        taken = [r for r in self._finished if r.kind in kinds and contains in r.url]
        self._finished = [r for r in self._finished if r not in taken]
        return taken

    def _drain(self) -> None:
        """Moves what DevTools reported since the last call into the backlog, with bodies."""
        try:
            entries = self.driver.get_log("performance")
        except WebDriverException as exc:
            raise _failure(exc, "reading the network log") from None
        for entry in entries:
            message = json.loads(entry["message"])["message"]
            method, params = message.get("method"), message.get("params", {})
            if method == "Network.responseReceived":
                response = {
                    "url": params["response"]["url"],
                    "status": params["response"]["status"],
                    "kind": params.get("type", ""),
                }
                if response["status"] >= 400 and response["kind"] in ("Document", "Fetch", "XHR"):
                    # An error's body may never be read by the page, and then never "finishes".
                    self._finished.append(
                        NetworkResponse(response["url"], response["status"], response["kind"], None)
                    )
                else:
                    self._pending[params["requestId"]] = response
            elif method in ("Network.loadingFinished", "Network.loadingFailed"):
                pending = self._pending.pop(params["requestId"], None)
                if pending is None or pending["kind"] not in ("Document", "Fetch", "XHR"):
                    continue
                body = self._body(params["requestId"]) if method == "Network.loadingFinished" else None
                self._finished.append(
                    NetworkResponse(pending["url"], pending["status"], pending["kind"], body)
                )

    def _body(self, request_id: str) -> str | None:
        try:
            result = self.driver.execute_cdp_cmd("Network.getResponseBody", {"requestId": request_id})
        except WebDriverException:
            return None
        if result.get("base64Encoded"):
            return base64.b64decode(result["body"]).decode("utf-8", errors="replace")
        return str(result["body"])
