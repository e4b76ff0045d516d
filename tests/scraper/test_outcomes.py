"""The failure table: every failure has a sentence and a retry rule; messages say what happened in
words, never the driver's text; page states map to their failures."""

from __future__ import annotations

import pytest

from compass.scraper.failures import (
    FAILURES,
    UNREACHABLE,
    Failure,
    Retry,
    failure_of_browser_message,
    failure_of_http,
    sentence,
)
from compass.scraper.outcomes import (
    PermanentScrapeError,
    ScrapeStats,
    TransientScrapeError,
    error_for,
    scrape_error,
)
from compass.tiktok.status import STATUS_WORDS, PageStatus, StatusKind, words

# What Chromium 156 reported here, through the driver, for each case.
DRIVER_MESSAGES = {
    (
        "unknown error: net::ERR_NAME_NOT_RESOLVED\n  (Session info: chrome=156.0.8078.73)\n"
        "Stacktrace:\n#0 0x55f6688dc9be"
    ): Failure.NAME_NOT_RESOLVED,
    "unknown error: net::ERR_CONNECTION_REFUSED": Failure.CONNECTION_REFUSED,
    "unknown error: net::ERR_INTERNET_DISCONNECTED": Failure.OFFLINE,
    "unknown error: net::ERR_PROXY_CONNECTION_FAILED": Failure.CONNECTION_REFUSED,
    "unknown error: net::ERR_CONNECTION_RESET": Failure.CONNECTION_LOST,
    "timeout: Timed out receiving message from renderer: 29.871": Failure.TIMEOUT,
    "invalid session id": Failure.BROWSER_CRASH,
    "unknown error: session deleted because of page crash": Failure.BROWSER_CRASH,
    "chrome not reachable": Failure.BROWSER_CRASH,
}


def test_every_failure_has_a_rule_and_a_sentence_without_placeholders_left() -> None:
    assert set(FAILURES) == set(Failure)
    for failure in Failure:
        text = sentence(
            failure, host="www.tiktok.com", status=503, detail="a detail", saved="data/pages/x.html"
        )
        assert text and "{" not in text and text[0].isupper() and text.endswith(".")
        assert "Stacktrace" not in text and "Message:" not in text


@pytest.mark.parametrize(("message", "failure"), DRIVER_MESSAGES.items())
def test_driver_messages_name_their_failure(message: str, failure: Failure) -> None:
    assert failure_of_browser_message(message) is failure


def test_unreachable_tiktok_is_said_plainly_and_not_retried_now() -> None:
    error = scrape_error(
        Failure.NAME_NOT_RESOLVED, host="www.tiktok.com", detail="net::ERR_NAME_NOT_RESOLVED"
    )
    assert isinstance(error, PermanentScrapeError)
    assert str(error).startswith("Couldn't reach TikTok (the address www.tiktok.com could not be looked up)")
    assert "ERR_" not in str(error) and error.detail == "net::ERR_NAME_NOT_RESOLVED"
    assert all(FAILURES[f].retry is Retry.NEVER for f in UNREACHABLE)


@pytest.mark.parametrize(
    ("status", "failure"),
    [
        (403, Failure.HTTP_403),
        (429, Failure.HTTP_429),
        (500, Failure.HTTP_5XX),
        (503, Failure.HTTP_5XX),
        (200, None),
        (404, None),
    ],
)
def test_http_statuses_name_their_failure(status: int, failure: Failure | None) -> None:
    assert failure_of_http(status) is failure


def test_throttling_slows_down_and_transient_faults_back_off() -> None:
    assert FAILURES[Failure.HTTP_429].retry is FAILURES[Failure.CAPTCHA].retry is Retry.SLOW_DOWN
    assert FAILURES[Failure.HTTP_5XX].retry is FAILURES[Failure.EMPTY_BODY].retry is Retry.BACKOFF
    assert (
        FAILURES[Failure.UNKNOWN_PAGE].retry is Retry.RELOAD_ONCE and not FAILURES[Failure.UNKNOWN_PAGE].later
    )


@pytest.mark.parametrize(
    "kind", [StatusKind.NOT_FOUND, StatusKind.PRIVATE, StatusKind.BANNED, StatusKind.GEO_BLOCKED]
)
def test_error_for_permanent_states_is_permanent(kind: StatusKind) -> None:
    error = error_for(PageStatus(kind, 10202), "@a")
    assert isinstance(error, PermanentScrapeError) and not error.retried_later and "(10202)" in str(error)


@pytest.mark.parametrize(
    ("kind", "failure"),
    [
        (StatusKind.BLOCKED, Failure.CAPTCHA),
        (StatusKind.BROKEN, Failure.BROKEN_PAGE),
        (StatusKind.UNKNOWN, Failure.UNKNOWN_PAGE),
        (StatusKind.NO_DATA, Failure.NO_DATA),
    ],
)
def test_error_for_other_states_is_transient(kind: StatusKind, failure: Failure) -> None:
    error = error_for(PageStatus(kind), "@a")
    assert isinstance(error, TransientScrapeError) and error.failure is failure


def test_status_words_say_each_state_with_its_code() -> None:
    assert set(STATUS_WORDS) == set(StatusKind)
    assert (
        words(PageStatus(StatusKind.PRIVATE, 10222)) == "a private account: its videos cannot be seen (10222)"
    )
    assert words(PageStatus(StatusKind.NOT_FOUND)) == "not found on TikTok"


def test_scrape_stats_success_rate_counts_every_attempt() -> None:
    stats = ScrapeStats()
    for outcome in ("ok", "ok", "blocked", "ok"):
        stats.record("profile", outcome)
    assert stats.success_rate("profile") == 0.75
    assert stats.success_rate("video") is None
