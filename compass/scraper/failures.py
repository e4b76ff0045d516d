"""Every way a scrape can fail, in one table: the sentence a creator reads, and what is retried.

A failure is named from what the browser saw (a Chromium network error, an HTTP status, an empty
body) or what the page said (a TikTok status). The sentence is all that reaches a job's error, a
page, a CSV or the CLI; the browser's own message and stack trace go to the log only.

``retry`` says what the session does within one attempt:

* ``Retry.BACKOFF``: try again after a backoff (a new browser first where ``restart`` is set);
* ``Retry.SLOW_DOWN``: TikTok is throttling: wait out a cool-down, then go on more slowly;
* ``Retry.RELOAD_ONCE``: load the page once more; the same answer again is final;
* ``Retry.NEVER``: trying again now cannot help.

``later`` says whether the job is queued again for a later attempt when the session gives up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from compass.tiktok.status import PageStatus, StatusKind


class Failure(StrEnum):
    NAME_NOT_RESOLVED = "name_not_resolved"
    CONNECTION_REFUSED = "connection_refused"
    OFFLINE = "offline"
    CONNECTION_LOST = "connection_lost"
    TIMEOUT = "timeout"
    HTTP_403 = "http_403"
    HTTP_429 = "http_429"
    HTTP_5XX = "http_5xx"
    CAPTCHA = "captcha"
    LOGIN_WALL = "login_wall"
    EMPTY_BODY = "empty_body"
    BROKEN_PAGE = "broken_page"
    UNKNOWN_PAGE = "unknown_page"
    NO_DATA = "no_data"
    BROWSER_CRASH = "browser_crash"
    BROWSER_MISSING = "browser_missing"
    THROTTLED = "throttled"
    NOT_FOUND = "not_found"
    PRIVATE = "private"
    BANNED = "banned"
    GEO_BLOCKED = "geo_blocked"


class Retry(StrEnum):
    BACKOFF = "backoff"
    SLOW_DOWN = "slow_down"
    RELOAD_ONCE = "reload_once"
    NEVER = "never"


@dataclass(frozen=True)
class FailureRule:
    sentence: str
    retry: Retry
    later: bool
    restart: bool = False  # a new browser (and the next proxy) before trying again


OFFLINE_ADVICE = "check the internet connection (or COMPASS_TIKTOK_URL and COMPASS_PROXIES), then retry"

FAILURES: dict[Failure, FailureRule] = {
    Failure.NAME_NOT_RESOLVED: FailureRule(
        f"Couldn't reach TikTok (the address {{host}} could not be looked up): {OFFLINE_ADVICE}.",
        Retry.NEVER,
        later=False,
    ),
    Failure.CONNECTION_REFUSED: FailureRule(
        f"Couldn't reach TikTok ({{host}} refused the connection): {OFFLINE_ADVICE}.",
        Retry.NEVER,
        later=False,
    ),
    Failure.OFFLINE: FailureRule(
        f"Couldn't reach TikTok (this machine has no network): {OFFLINE_ADVICE}.", Retry.NEVER, later=False
    ),
    Failure.CONNECTION_LOST: FailureRule(
        "The connection to TikTok dropped in the middle of an answer.", Retry.BACKOFF, later=True
    ),
    Failure.TIMEOUT: FailureRule("TikTok took too long to answer.", Retry.BACKOFF, later=True, restart=True),
    Failure.HTTP_403: FailureRule(
        "TikTok refused the request (HTTP 403): it is throttling this address.", Retry.SLOW_DOWN, later=True
    ),
    Failure.HTTP_429: FailureRule("TikTok asked us to slow down (HTTP 429).", Retry.SLOW_DOWN, later=True),
    Failure.HTTP_5XX: FailureRule("TikTok had a server error (HTTP {status}).", Retry.BACKOFF, later=True),
    Failure.CAPTCHA: FailureRule(
        "TikTok asked for a captcha: it is throttling this address.",
        Retry.SLOW_DOWN,
        later=True,
        restart=True,
    ),
    Failure.LOGIN_WALL: FailureRule(
        "TikTok shows this only to signed-in visitors: set COMPASS_TIKTOK_COOKIES to use a TikTok session.",
        Retry.NEVER,
        later=False,
    ),
    Failure.EMPTY_BODY: FailureRule(
        "TikTok answered with an empty page (it does that to requests it will not serve).",
        Retry.BACKOFF,
        later=True,
    ),
    Failure.BROKEN_PAGE: FailureRule("TikTok's answer was cut short.", Retry.BACKOFF, later=True),
    Failure.UNKNOWN_PAGE: FailureRule(
        "TikTok sent a page this version cannot read ({detail}); it was saved as {saved}.",
        Retry.RELOAD_ONCE,
        later=False,
    ),
    Failure.NO_DATA: FailureRule("TikTok's page held no data for it.", Retry.RELOAD_ONCE, later=True),
    Failure.BROWSER_CRASH: FailureRule("The browser crashed.", Retry.BACKOFF, later=True, restart=True),
    Failure.BROWSER_MISSING: FailureRule(
        "Chromium cannot be started ({detail}): install chromium and chromium-driver.",
        Retry.NEVER,
        later=False,
    ),
    Failure.THROTTLED: FailureRule(
        "TikTok kept throttling this address; the rest is left for the next attempt.", Retry.NEVER, later=True
    ),
    Failure.NOT_FOUND: FailureRule("This account or video is not on TikTok{code}.", Retry.NEVER, later=False),
    Failure.PRIVATE: FailureRule(
        "This account is private: its videos cannot be seen{code}.", Retry.NEVER, later=False
    ),
    Failure.BANNED: FailureRule("This account is banned by TikTok{code}.", Retry.NEVER, later=False),
    Failure.GEO_BLOCKED: FailureRule("This is not available in this region{code}.", Retry.NEVER, later=False),
}

_STATUS_FAILURES = {
    StatusKind.NOT_FOUND: Failure.NOT_FOUND,
    StatusKind.PRIVATE: Failure.PRIVATE,
    StatusKind.BANNED: Failure.BANNED,
    StatusKind.GEO_BLOCKED: Failure.GEO_BLOCKED,
    StatusKind.BLOCKED: Failure.CAPTCHA,
    StatusKind.NO_DATA: Failure.NO_DATA,
    StatusKind.BROKEN: Failure.BROKEN_PAGE,
    StatusKind.UNKNOWN: Failure.UNKNOWN_PAGE,
}

# Chromium's network errors (net::ERR_*), as the driver reports them, by what they mean here.
_NET_ERRORS: tuple[tuple[re.Pattern[str], Failure], ...] = (
    (re.compile(r"ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED"), Failure.NAME_NOT_RESOLVED),
    (
        re.compile(r"ERR_INTERNET_DISCONNECTED|ERR_ADDRESS_UNREACHABLE|ERR_NETWORK_ACCESS_DENIED"),
        Failure.OFFLINE,
    ),
    (
        re.compile(r"ERR_CONNECTION_REFUSED|ERR_PROXY_CONNECTION_FAILED|ERR_TUNNEL_CONNECTION_FAILED"),
        Failure.CONNECTION_REFUSED,
    ),
    (re.compile(r"ERR_CONNECTION_TIMED_OUT|ERR_TIMED_OUT|timeout: Timed out receiving"), Failure.TIMEOUT),
    (
        re.compile(
            r"ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE|ERR_CONTENT_LENGTH_MISMATCH|"
            r"ERR_INCOMPLETE_CHUNKED_ENCODING|ERR_NETWORK_CHANGED"
        ),
        Failure.CONNECTION_LOST,
    ),
    (
        re.compile(
            r"invalid session id|chrome not reachable|disconnected|session deleted|tab crashed|"
            r"target window already closed|no such window|Connection refused.*127\.0\.0\.1",
            re.IGNORECASE,
        ),
        Failure.BROWSER_CRASH,
    ),
)

UNREACHABLE = frozenset({Failure.NAME_NOT_RESOLVED, Failure.CONNECTION_REFUSED, Failure.OFFLINE})


def failure_of_browser_message(message: str) -> Failure:
    """What a driver's error message means; an unrecognized one is taken as a browser crash."""
    for pattern, failure in _NET_ERRORS:
        if pattern.search(message):
            return failure
    return Failure.BROWSER_CRASH


def failure_of_http(status: int) -> Failure | None:
    """The failure an HTTP status is, or None for one that carries a page to read."""
    if status == 403:
        return Failure.HTTP_403
    if status == 429:
        return Failure.HTTP_429
    if status >= 500:
        return Failure.HTTP_5XX
    return None


def failure_of_status(status: PageStatus) -> Failure:
    return _STATUS_FAILURES[status.kind]


def sentence(
    failure: Failure,
    *,
    host: str = "TikTok",
    status: int | None = None,
    detail: str = "",
    saved: str = "",
    page_status: PageStatus | None = None,
) -> str:
    """The failure in the words a creator reads."""
    code = f" ({page_status.code})" if page_status is not None and page_status.code not in (None, 0) else ""
    return FAILURES[failure].sentence.format(
        host=host, status=status or "5xx", detail=detail or "no details", saved=saved or "a file", code=code
    )
