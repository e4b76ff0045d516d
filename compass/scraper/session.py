"""A scraping session: one browser, paced and retried, that loads TikTok pages and parses them.

It owns the browser's life: a block (a captcha page, a 429) restarts the browser with the next
proxy and another user agent before the next attempt. Transient failures are retried with
exponential backoff and jitter (tenacity); permanent states (not found, private, banned) are not.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_random_exponential,
)

from compass.scraper.browser import Browser, LoadedPage, PageTimeout, chromium_major_version
from compass.scraper.outcomes import ScrapeStats, TransientScrapeError, error_for
from compass.scraper.pacing import HostRateLimiter, PacingSettings, ProxyPool, user_agents
from compass.tiktok.parse import parse_page
from compass.tiktok.result import ParseResult
from compass.tiktok.status import StatusKind

log = logging.getLogger(__name__)
T = TypeVar("T")

BrowserFactory = Callable[..., Browser]


class ScrapeSession:
    """Use as a context manager. Not shared between threads: each worker has its own."""

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
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.pacing = pacing or PacingSettings()
        self.stats = stats or ScrapeStats()
        self.rng = rng or random.Random()
        self.proxies = ProxyPool(proxies, self.rng)
        self.limiter = limiter or HostRateLimiter(self.pacing.min_interval)
        self.browser_factory = browser_factory
        self._browser: Browser | None = None
        self._agents: list[str] = []

    def __enter__(self) -> ScrapeSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._browser is not None:
            self._browser.close()
            self._browser = None

    @property
    def browser(self) -> Browser:
        if self._browser is None:
            if not self._agents:
                self._agents = user_agents(chromium_major_version())
            self._browser = self.browser_factory(
                user_agent=self.rng.choice(self._agents),
                proxy=self.proxies.current,
                page_timeout=self.pacing.page_timeout,
            )
            self._browser.start()
        return self._browser

    def restart_browser(self) -> None:
        """After a block: another proxy, another user agent, a fresh profile."""
        self.close()
        self.proxies.rotate()

    def pause(self) -> None:
        time.sleep(self.pacing.delay.draw(self.rng))

    def url(self, path: str) -> str:
        return self.base_url + path

    def retrying(self, what: str, action: Callable[[], T]) -> T:
        """Runs ``action`` until it succeeds, raises a permanent error, or attempts run out."""

        def before_sleep(state: RetryCallState) -> None:
            error = state.outcome.exception() if state.outcome else None
            log.info("%s: attempt %s failed (%s); retrying", what, state.attempt_number, error)
            if isinstance(error, TransientScrapeError) and error.status and error.status.kind == StatusKind.BLOCKED:
                self.restart_browser()

        retrying = Retrying(
            stop=stop_after_attempt(self.pacing.attempts),
            wait=wait_random_exponential(multiplier=self.pacing.backoff_base, max=self.pacing.backoff_max),
            retry=retry_if_exception_type(TransientScrapeError),
            before_sleep=before_sleep,
            reraise=True,
        )
        return retrying(action)

    def _fetch(self, url: str, request_kind: str) -> LoadedPage:
        """Loads a page at the paced rate; a timeout, a 429 or a 5xx is a transient failure."""
        self.limiter.wait(url)
        try:
            page = self.browser.load(url)
        except PageTimeout as exc:
            self.stats.record(request_kind, "timeout")
            self.restart_browser()
            raise TransientScrapeError(str(exc)) from None
        if page.status is not None and (page.status == 429 or page.status >= 500):
            self.stats.record(request_kind, f"http_{page.status}")
            raise TransientScrapeError(f"{url}: HTTP {page.status}")
        return page

    def load_page(self, path: str, request_kind: str) -> tuple[LoadedPage, ParseResult]:
        """One attempt at a page: loaded, status-checked and parsed. Raises on anything but ok."""
        url = self.url(path)
        page = self._fetch(url, request_kind)
        result = parse_page(page.html, url=url)
        if result.status.kind is StatusKind.OK:
            self.stats.record(request_kind, "ok")
            return page, result
        self.stats.record(request_kind, result.status.kind.value)
        if result.status.kind in (StatusKind.PRIVATE,) and result.profile is not None:
            return page, result  # a private profile still shows who it is and its counts
        raise error_for(result.status, url)

    def load_listing(self, path: str, request_kind: str) -> LoadedPage:
        """A hashtag, sound or search page: only a block or an HTTP error is a failure here."""
        url = self.url(path)
        page = self._fetch(url, request_kind)
        status = parse_page(page.html, url=url).status
        if status.kind in (StatusKind.BLOCKED, StatusKind.NOT_FOUND):
            self.stats.record(request_kind, status.kind.value)
            raise error_for(status, url)
        self.stats.record(request_kind, "ok")
        return page
