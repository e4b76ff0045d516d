"""Outcomes: permanent states are not retried; every state has words a person reads."""

from __future__ import annotations

import pytest

from compass.scraper.outcomes import (
    PermanentScrapeError,
    ScrapeStats,
    TransientScrapeError,
    describe,
    error_for,
)
from compass.tiktok.status import PageStatus, StatusKind


@pytest.mark.parametrize("kind", [StatusKind.NOT_FOUND, StatusKind.PRIVATE, StatusKind.BANNED, StatusKind.GEO_BLOCKED])
def test_error_for_permanent_states_is_permanent(kind: StatusKind) -> None:
    assert isinstance(error_for(PageStatus(kind, 1), "@a"), PermanentScrapeError)


@pytest.mark.parametrize("kind", [StatusKind.BLOCKED, StatusKind.UNKNOWN])
def test_error_for_blocked_and_unknown_pages_is_transient(kind: StatusKind) -> None:
    assert isinstance(error_for(PageStatus(kind), "@a"), TransientScrapeError)


def test_describe_says_the_state_in_words_with_code() -> None:
    assert describe(PageStatus(StatusKind.PRIVATE, 10222)) == "a private account: its videos cannot be seen (10222)"
    assert describe(PageStatus(StatusKind.NOT_FOUND)) == "not found on TikTok"


def test_scrape_stats_success_rate_counts_every_attempt() -> None:
    stats = ScrapeStats()
    for outcome in ("ok", "ok", "blocked", "ok"):
        stats.record("profile", outcome)
    assert stats.success_rate("profile") == 0.75
    assert stats.success_rate("video") is None
