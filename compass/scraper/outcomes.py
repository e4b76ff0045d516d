"""What scraping did: failures as exceptions that carry their sentence, and every attempt counted."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from dataclasses import dataclass, field

from compass.scraper.failures import FAILURES, Failure, Retry, failure_of_status, sentence
from compass.tiktok.status import PageStatus

log = logging.getLogger("compass.scraper")


class ScrapeError(Exception):
    """A page could not be scraped. ``str()`` is the sentence a person reads; ``failure`` names the
    case in the table; ``status`` is what TikTok answered, when it answered; ``detail`` is for the
    log only (a driver's message, a URL)."""

    def __init__(
        self,
        failure: Failure,
        message: str,
        *,
        status: PageStatus | None = None,
        detail: str = "",
        where: str = "",
    ) -> None:
        super().__init__(message)
        self.failure = failure
        self.status = status
        self.detail = detail
        self.where = where

    @property
    def retried_later(self) -> bool:
        """Whether the job is worth queuing again when the session gave up on this."""
        return FAILURES[self.failure].later


class TransientScrapeError(ScrapeError):
    """Worth trying again within the attempt: the table says how (backoff, slow down, reload)."""


class PermanentScrapeError(ScrapeError):
    """Trying again now cannot help: the account does not exist, TikTok cannot be reached, ..."""


def scrape_error(
    failure: Failure,
    *,
    where: str = "",
    detail: str = "",
    status: PageStatus | None = None,
    host: str = "TikTok",
    http_status: int | None = None,
    reason: str = "",
    saved: str = "",
) -> ScrapeError:
    """The exception for ``failure``, transient or permanent as the table says. ``reason`` and
    ``saved`` fill the sentences that name them (an unknown page: what was odd, where it is)."""
    message = sentence(failure, host=host, status=http_status, detail=reason, saved=saved, page_status=status)
    cls = PermanentScrapeError if FAILURES[failure].retry is Retry.NEVER else TransientScrapeError
    return cls(failure, message, status=status, detail=detail, where=where)


def error_for(status: PageStatus, where: str) -> ScrapeError:
    """The exception for a page that answered with a status other than ok."""
    return scrape_error(
        failure_of_status(status), where=where, status=status, detail=str(status), reason=status.message
    )


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
