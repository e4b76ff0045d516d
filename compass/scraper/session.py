"""A scraping session: one browser, paced and retried, that loads TikTok pages and parses them.

It owns the browser's life: a block (a captcha page, a timeout, a crash) restarts the browser with
the next proxy and another user agent before the next attempt, and ``close`` ends every process
the browser started. What is tried again, and how, is the failure table's (``failures.py``):
a backoff with jitter for a transient failure, a cool-down and a slower pace when TikTok
throttles, one reload for a page of an unknown shape, nothing for a permanent state. When TikTok
cannot be reached at all, the session says so at once and keeps saying it without trying again,
so that a job fails in seconds.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from compass.scraper.browser import (
    Browser,
    BrowserFailure,
    BrowserUnavailable,
    LoadedPage,
    chromium_major_version,
)
from compass.scraper.cookies import Cookie
from compass.scraper.failures import FAILURES, UNREACHABLE, Failure, Retry, failure_of_http
from compass.scraper.outcomes import ScrapeError, ScrapeStats, error_for, scrape_error
from compass.scraper.pacing import HostRateLimiter, PacingSettings, ProxyPool, user_agents
from compass.scraper.processes import BrowserRegistry
from compass.tiktok.parse import parse_page
from compass.tiktok.result import ParseResult
from compass.tiktok.status import StatusKind

log = logging.getLogger(__name__)
T = TypeVar("T")

BrowserFactory = Callable[..., Browser]
_UNSAFE_NAME = re.compile(r"[^a-z0-9._-]+")


class ScrapeSession:
    """Use as a context manager. Not shared between threads: each worker has its own.

    ``cookies``: a TikTok session brought by the user (put into the browser before the first page);
    ``registry``: where running browsers are listed (so a killed scheduler's are found);
    ``pages_dir``: where a page of an unknown shape is saved for a person to look at."""

    def __init__(
        self,
        base_url: str,
        *,
        pacing: PacingSettings | None = None,
        proxies: Sequence[str] = (),
        stats: ScrapeStats | None = None,
        rng: random.Random | None = None,
        limiter: HostRateLimiter | None = None,
        browser_factory: BrowserFactory = Browser,
        cookies: Sequence[Cookie] = (),
        registry: BrowserRegistry | None = None,
        pages_dir: Path | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.host = urlsplit(self.base_url).hostname or self.base_url
        self.pacing = pacing or PacingSettings()
        self.stats = stats or ScrapeStats()
        self.rng = rng or random.Random()
        self.proxies = ProxyPool(proxies, self.rng)
        self.limiter = limiter or self.pacing.limiter()
        self.browser_factory = browser_factory
        self.cookies = tuple(cookies)
        self.registry = registry
        self.pages_dir = pages_dir
        self.sleep = sleep
        self.unreachable: ScrapeError | None = None
        self._browser: Browser | None = None
        self._agents: list[str] = []

    @property
    def signed_in(self) -> bool:
        """Whether the user brought a TikTok session (cookies) for this site."""
        return bool(self.cookies)

    def __enter__(self) -> ScrapeSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        browser, self._browser = self._browser, None
        if browser is not None:
            browser.close()

    @property
    def has_browser(self) -> bool:
        return self._browser is not None

    @property
    def browser(self) -> Browser:
        if self._browser is None:
            try:
                if not self._agents:
                    self._agents = user_agents(chromium_major_version())
                browser = self.browser_factory(
                    user_agent=self.rng.choice(self._agents),
                    proxy=self.proxies.current,
                    page_timeout=self.pacing.page_timeout,
                    cookies=self.cookies,
                    registry=self.registry,
                )
                browser.start()  # a failed start ends what it started, and raises
            except BrowserUnavailable as exc:
                raise scrape_error(Failure.BROWSER_MISSING, reason=exc.reason, detail=str(exc)) from None
            self._browser = browser
        return self._browser

    def restart_browser(self) -> None:
        """After a block: another proxy, another user agent, a fresh profile."""
        self.close()
        self.proxies.rotate()

    def pause(self) -> None:
        self.sleep(self.pacing.delay.draw(self.rng))

    def url(self, path: str) -> str:
        return self.base_url + path

    # ---- failures ----------------------------------------------------------------------------

    def error_of(self, failure: BrowserFailure, where: str) -> ScrapeError:
        return scrape_error(
            failure.failure,
            where=where,
            detail=failure.detail,
            host=self.host,
            reason=failure.detail if failure.failure is Failure.BROWSER_MISSING else "",
        )

    def retrying(self, what: str, action: Callable[[], T]) -> T:
        """Runs ``action`` until it succeeds or the failure table says to stop; raises the last
        failure as a ScrapeError whose message is the table's sentence."""
        if self.unreachable is not None:
            raise self.unreachable
        backoffs = throttles = reloads = 0
        while True:
            try:
                result = action()
                self.limiter.answered(self.base_url)
                return result
            except BrowserFailure as exc:
                error = self.error_of(exc, what)
            except ScrapeError as exc:
                error = exc
            rule = FAILURES[error.failure]
            log.info("%s: %s (%s)", what, error.failure.value, error.detail or error)
            if error.failure in UNREACHABLE:
                self.unreachable = error
                self.close()
                raise error
            if rule.retry is Retry.NEVER:
                raise error
            if rule.retry is Retry.RELOAD_ONCE:
                reloads += 1
                if reloads > 1:
                    raise self._final_unknown(error)
                delay = self.pacing.backoff_base
            elif rule.retry is Retry.SLOW_DOWN:
                throttles += 1
                if throttles > self.pacing.throttles:
                    raise scrape_error(Failure.THROTTLED, where=what, detail=str(error))
                delay = self.limiter.refused(self.base_url)
                if throttles > 1:
                    log.warning(
                        "%s: TikTok is throttling; waiting %.1f s, then going on more slowly", what, delay
                    )
            else:
                backoffs += 1
                if backoffs >= self.pacing.attempts:
                    raise error
                ceiling = min(self.pacing.backoff_max, self.pacing.backoff_base * 2 ** (backoffs - 1))
                delay = self.rng.uniform(0, ceiling)
            if rule.restart:
                self.restart_browser()
            if rule.retry is not Retry.SLOW_DOWN:  # a throttle's pause is the limiter's to keep
                self.sleep(delay)

    def _final_unknown(self, error: ScrapeError) -> ScrapeError:
        """A page of an unknown shape, twice: saved for a person to look at, and said so."""
        if error.failure is not Failure.UNKNOWN_PAGE:
            return error
        saved = self.save_page(error.where)
        return scrape_error(
            Failure.UNKNOWN_PAGE,
            where=error.where,
            detail=error.detail,
            status=error.status,
            reason=error.detail,
            saved=str(saved) if saved else "",
        )

    def save_page(self, where: str) -> Path | None:
        """The browser's current page, saved under ``pages_dir`` (None when there is nowhere to)."""
        if self.pages_dir is None or self._browser is None:
            return None
        try:
            html = self._browser.page_source()
        except BrowserFailure:
            return None
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        name = _UNSAFE_NAME.sub("-", where.lower()).strip("-")[:60] or "page"
        self.pages_dir.mkdir(parents=True, exist_ok=True)
        path = self.pages_dir / f"{stamp}-{name}.html"
        path.write_text(html, encoding="utf-8")
        return path

    # ---- pages -------------------------------------------------------------------------------

    def fetch(self, url: str, request_kind: str) -> LoadedPage:
        """Loads a page at the paced rate; an HTTP error status is a failure of the table."""
        self.limiter.wait(url)
        page = self.browser.load(url)
        failure = failure_of_http(page.status) if page.status is not None else None
        if failure is not None:
            self.stats.record(request_kind, f"http_{page.status}")
            raise scrape_error(
                failure, where=url, detail=f"HTTP {page.status}", host=self.host, http_status=page.status
            )
        return page

    def load_page(self, path: str, request_kind: str) -> tuple[LoadedPage, ParseResult]:
        """One attempt at a page: loaded, status-checked and parsed. Raises on anything but ok."""
        url = self.url(path)
        page = self.fetch(url, request_kind)
        result = parse_page(page.html, url=url)
        self.stats.record(request_kind, result.status.kind.value)
        if result.status.kind is StatusKind.OK:
            return page, result
        if result.status.kind is StatusKind.PRIVATE and result.profile is not None:
            return page, result  # a private profile still shows who it is and its counts
        log.info("%s: %s (era %s)", url, result.status, result.era)
        raise error_for(result.status, f"{path} (era {result.era})")

    def load_listing(self, path: str, request_kind: str) -> LoadedPage:
        """A hashtag, sound or search page: only a block or an HTTP error is a failure here."""
        url = self.url(path)
        page = self.fetch(url, request_kind)
        status = parse_page(page.html, url=url).status
        if status.kind in (StatusKind.BLOCKED, StatusKind.NOT_FOUND):
            self.stats.record(request_kind, status.kind.value)
            raise error_for(status, url)
        self.stats.record(request_kind, "ok")
        return page
