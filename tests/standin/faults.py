"""Transient faults, drawn deterministically: what TikTok does to a scraper now and then.

Every page or API request (not assets, not ``/__standin/``) draws from its own random stream,
seeded by (seed, path and query, attempt number of that exact URL): with probability ``rate`` it
gets a fault, of a kind chosen uniformly among the enabled ones. Asking the same URL again is a new
attempt, a new draw: a fault is transient, a retry succeeds with probability 1 - rate. Two servers
with the same seed that receive the same requests serve the same faults; ``reset`` forgets the
attempt counts.

=========  ========================================================================================
kind       what the client gets
=========  ========================================================================================
challenge  a page: HTTP 200, TikTok's captcha container and no page JSON; an API call: HTTP 200,
           ``{"statusCode": 10000, "verifyConfig": ...}`` (TikTok's "verify")
429        HTTP 429 Too Many Requests with ``Retry-After: 1..3``
5xx        HTTP 500, 502 or 503 (an HTML error page of the front server)
slow       the normal response after a delay drawn in ``slow_seconds`` (2-8 s by default)
broken     ``truncated``: a well-formed response whose body (HTML or JSON) is cut short; or
           ``reset``: the full length announced, part of the body sent, the connection closed
=========  ========================================================================================
"""

from __future__ import annotations

import hashlib
import random
import threading
from collections import Counter
from dataclasses import dataclass

KINDS = ("challenge", "429", "5xx", "slow", "broken")


@dataclass(frozen=True, slots=True)
class Fault:
    kind: str
    detail: str  # e.g. "502", "reset", "api" (a challenge to an API call)
    status: int = 200
    delay: float = 0.0  # seconds before answering (slow)
    cut: float = 1.0  # the share of the body sent (broken)
    retry_after: int = 0

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.detail}" if self.detail != self.kind else self.kind


def parse_kinds(text: str) -> tuple[str, ...]:
    """``"challenge,429,5xx"`` -> the kinds; ``"all"`` or ``""`` -> every kind."""
    names = tuple(dict.fromkeys(k.strip().lower() for k in text.split(",") if k.strip()))
    if not names or names == ("all",):
        return KINDS
    unknown = [k for k in names if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown fault kind(s) {', '.join(unknown)}: choose among {', '.join(KINDS)}")
    return names


class FaultPlan:
    def __init__(
        self,
        rate: float = 0.0,
        kinds: tuple[str, ...] = KINDS,
        seed: int = 0,
        slow_seconds: tuple[float, float] = (2.0, 8.0),
    ) -> None:
        if not 0.0 <= rate <= 1.0:
            raise ValueError("the fault rate must be in [0, 1]")
        if not kinds and rate > 0:
            raise ValueError("no fault kind enabled")
        lo, hi = slow_seconds
        if not 0 <= lo <= hi:
            raise ValueError("slow_seconds must be (min, max) with 0 <= min <= max")
        self.rate, self.kinds, self.seed, self.slow_seconds = rate, tuple(kinds), seed, (lo, hi)
        self._attempts: Counter[str] = Counter()
        self._lock = threading.Lock()

    def reset(self) -> None:
        with self._lock:
            self._attempts.clear()

    def draw(self, url: str, *, api: bool) -> Fault | None:
        """The fault for this request of ``url`` (path and query), or None."""
        if self.rate <= 0:
            return None
        with self._lock:
            attempt = self._attempts[url]
            self._attempts[url] += 1
        digest = hashlib.blake2b(f"{self.seed}\0{url}\0{attempt}".encode(), digest_size=8).digest()
        rng = random.Random(int.from_bytes(digest, "big"))
        if rng.random() >= self.rate:
            return None
        kind = rng.choice(self.kinds)
        if kind == "challenge":
            return Fault(kind, "api" if api else "page")
        if kind == "429":
            return Fault(kind, kind, status=429, retry_after=rng.randint(1, 3))
        if kind == "5xx":
            status = rng.choice((500, 502, 503))
            return Fault(kind, str(status), status=status)
        if kind == "slow":
            return Fault(kind, kind, delay=round(rng.uniform(*self.slow_seconds), 3))
        return Fault(kind, rng.choice(("truncated", "reset")), cut=rng.uniform(0.05, 0.9))
