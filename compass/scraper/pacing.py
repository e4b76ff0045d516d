"""Pacing and disguise: a per-host rate limit, human-like delays, user agents and proxies.

Pure policy with an injectable clock and random source, so that every rule is tested without a
browser. The browsing module asks this module when it may go and what to look like.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# Desktop platforms a real Chrome of the same major version reports. The headless marker is never
# used: TikTok treats "HeadlessChrome" as a bot.
_PLATFORMS = (
    "Windows NT 10.0; Win64; x64",
    "Macintosh; Intel Mac OS X 10_15_7",
    "X11; Linux x86_64",
)


def user_agents(chrome_major: int) -> list[str]:
    """User agents consistent with the browser actually driving (same major version, reduced UA)."""
    return [
        f"Mozilla/5.0 ({platform}) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/{chrome_major}.0.0.0 Safari/537.36"
        for platform in _PLATFORMS
    ]


@dataclass
class HostRateLimiter:
    """At most one request per interval per host, shared by a process's threads; slower when the
    host throttles.

    A refusal (a 403, a 429, a captcha) or two may be chance: each costs a short pause
    (``retry_pause``). ``throttle_after`` refusals in a row are throttling: every request to that
    host waits out a cool-down (``first_cooldown``, doubling while refusals go on, up to
    ``max_cooldown``), and from then on the host's interval is what keeps under 80% of the rate
    that got refused (the requests of the last minute), at least ``throttled_interval``. After
    ``recover_after`` answers in a row the interval shrinks by a tenth, never below
    ``min_interval``: a host that throttled is probed back up slowly.
    """

    min_interval: float
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    retry_pause: float = 1.0
    throttled_interval: float = 0.5
    max_interval: float = 30.0
    first_cooldown: float = 10.0
    max_cooldown: float = 300.0
    recover_after: int = 50
    throttle_after: int = 3
    _next_allowed: dict[str, float] = field(default_factory=dict)
    _interval: dict[str, float] = field(default_factory=dict)
    _refusals: dict[str, int] = field(default_factory=dict)
    _answers: dict[str, int] = field(default_factory=dict)
    _recent: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def interval(self, url: str) -> float:
        return self._interval.get(urlsplit(url).netloc, self.min_interval)

    def wait(self, url: str) -> float:
        """Blocks until the host of ``url`` may be asked again; returns the seconds waited."""
        host = urlsplit(url).netloc
        with self._lock:
            now = self.clock()
            start = max(now, self._next_allowed.get(host, now))
            self._next_allowed[host] = start + self._interval.get(host, self.min_interval)
            recent = self._recent.setdefault(host, deque())
            recent.append(start)
            while recent and recent[0] < start - 60.0:
                recent.popleft()
        waited = start - now
        if waited > 0:
            self.sleep(waited)
        return waited

    def refused(self, url: str) -> float:
        """The host of ``url`` refused a request; returns how long every request to it now waits."""
        host = urlsplit(url).netloc
        with self._lock:
            now = self.clock()
            refusals = self._refusals[host] = self._refusals.get(host, 0) + 1
            self._answers[host] = 0
            if refusals < self.throttle_after:
                pause = self.retry_pause * refusals
            else:
                if refusals == self.throttle_after:  # a throttle begins: under the rate that was refused
                    per_minute = len(self._recent.get(host, ()))
                    refused_pace = 60.0 / (0.8 * per_minute) if per_minute else 0.0
                    kept = max(self.throttled_interval, refused_pace, self.interval(url))
                    self._interval[host] = min(self.max_interval, kept)
                pause = min(self.max_cooldown, self.first_cooldown * 2 ** (refusals - self.throttle_after))
            self._next_allowed[host] = max(self._next_allowed.get(host, now), now + pause)
        return pause

    def answered(self, url: str) -> None:
        """The host answered normally."""
        host = urlsplit(url).netloc
        with self._lock:
            self._refusals[host] = 0
            answers = self._answers[host] = self._answers.get(host, 0) + 1
            if answers >= self.recover_after and host in self._interval:
                self._answers[host] = 0
                self._interval[host] = max(self.min_interval, self._interval[host] * 0.9)


@dataclass(frozen=True)
class HumanDelay:
    """A visitor's pause between actions: a base, plus a random part with a long tail."""

    base: float = 0.8
    spread: float = 1.2

    def draw(self, rng: random.Random) -> float:
        return (
            self.base + min(self.spread * 4, rng.expovariate(1 / self.spread)) if self.spread else self.base
        )


class ProxyPool:
    """Rotates through the configured proxies; a block moves to the next one."""

    def __init__(self, proxies: Sequence[str], rng: random.Random | None = None) -> None:
        self._proxies = list(proxies)
        self._index = (rng or random.Random()).randrange(len(self._proxies)) if self._proxies else 0

    @property
    def current(self) -> str | None:
        return self._proxies[self._index] if self._proxies else None

    def rotate(self) -> str | None:
        if self._proxies:
            self._index = (self._index + 1) % len(self._proxies)
        return self.current


@dataclass(frozen=True)
class PacingSettings:
    min_interval: float = 2.0  # seconds between two requests to one host
    delay: HumanDelay = HumanDelay()
    page_timeout: float = 30.0
    attempts: int = 5  # per page or API request, for transient failures
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    throttles: int = 10  # per request: refusals waited out before giving up
    retry_pause: float = 1.0
    throttled_interval: float = 0.5
    first_cooldown: float = 10.0

    @classmethod
    def fast(cls) -> PacingSettings:
        """For the local stand-in: no politeness needed, same logic."""
        return cls(
            min_interval=0.0,
            delay=HumanDelay(0.05, 0.05),
            page_timeout=20.0,
            backoff_base=0.2,
            backoff_max=2.0,
            retry_pause=0.2,
            throttled_interval=0.25,
            first_cooldown=0.5,
        )

    def limiter(self) -> HostRateLimiter:
        return HostRateLimiter(
            self.min_interval,
            retry_pause=self.retry_pause,
            throttled_interval=self.throttled_interval,
            first_cooldown=self.first_cooldown,
        )
