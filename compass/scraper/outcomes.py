"""What scraping did, counted: every attempt and its outcome, so the success rate can be reported."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from dataclasses import dataclass, field

from compass.tiktok.status import PageStatus, StatusKind

log = logging.getLogger("compass.scraper")

PERMANENT = frozenset({StatusKind.NOT_FOUND, StatusKind.PRIVATE, StatusKind.BANNED, StatusKind.GEO_BLOCKED})


class ScrapeError(Exception):
    """A page could not be scraped. ``status`` says what TikTok answered, when it answered."""

    def __init__(self, message: str, status: PageStatus | None = None) -> None:
        super().__init__(message)
        self.status = status


class TransientScrapeError(ScrapeError):
    """Worth trying again: blocked, rate-limited, a server error, a timeout, a broken response."""


class PermanentScrapeError(ScrapeError):
    """Trying again cannot help: the account does not exist, is private or banned."""


def error_for(status: PageStatus, what: str) -> ScrapeError:
    if status.kind in PERMANENT:
        return PermanentScrapeError(f"{what}: {describe(status)}", status)
    return TransientScrapeError(f"{what}: {describe(status)}", status)


def describe(status: PageStatus) -> str:
    """The status in the words a person reads."""
    words = {
        StatusKind.OK: "ok",
        StatusKind.NOT_FOUND: "not found on TikTok",
        StatusKind.PRIVATE: "a private account: its videos cannot be seen",
        StatusKind.BANNED: "banned by TikTok",
        StatusKind.GEO_BLOCKED: "not available in this region",
        StatusKind.BLOCKED: "TikTok asked for a captcha (blocked)",
        StatusKind.UNKNOWN: "an unexpected page",
    }[status.kind]
    return f"{words} ({status.code})" if status.code not in (None, 0) else words


@dataclass
class ScrapeStats:
    """Counters shared by one scraper; thread-safe."""

    attempts: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, request_kind: str, outcome: str) -> None:
        with self._lock:
            self.attempts[request_kind] += 1
            self.outcomes[f"{request_kind}:{outcome}"] += 1
        log.info("%s -> %s", request_kind, outcome)

    def success_rate(self, request_kind: str) -> float | None:
        attempts = self.attempts[request_kind]
        return self.outcomes[f"{request_kind}:ok"] / attempts if attempts else None

    def to_json(self) -> dict[str, object]:
        return {"attempts": dict(self.attempts), "outcomes": dict(self.outcomes)}
