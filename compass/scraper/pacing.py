"""Pacing and disguise: a per-host rate limit, human-like delays, user agents and proxies.

Pure policy with an injectable clock and random source, so that every rule is tested without a
browser. The browsing module asks this module when it may go and what to look like.
"""

from __future__ import annotations

import random
import threading
import time
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
    """At most one request per ``min_interval`` seconds per host, shared by a process's threads."""

    min_interval: float
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _next_allowed: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait(self, url: str) -> float:
        """Blocks until the host of ``url`` may be asked again; returns the seconds waited."""
        host = urlsplit(url).netloc
        with self._lock:
            now = self.clock()
            start = max(now, self._next_allowed.get(host, now))
            self._next_allowed[host] = start + self.min_interval
        waited = start - now
        if waited > 0:
            self.sleep(waited)
        return waited


@dataclass(frozen=True)
class HumanDelay:
    """A visitor's pause between actions: a base, plus a random part with a long tail."""

    base: float = 0.8
    spread: float = 1.2

    def draw(self, rng: random.Random) -> float:
        return self.base + min(self.spread * 4, rng.expovariate(1 / self.spread)) if self.spread else self.base


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

    @classmethod
    def fast(cls) -> PacingSettings:
        """For the local stand-in: no politeness needed, same logic."""
        return cls(min_interval=0.0, delay=HumanDelay(0.05, 0.05), page_timeout=20.0, backoff_base=0.2,
                   backoff_max=2.0)
