"""What a TikTok page says about itself: one status, from ONE table of TikTok's codes.

TikTok answers most failures with HTTP 200 and a ``statusCode`` inside the page JSON (the
``webapp.user-detail`` / ``webapp.video-detail`` scope, ``UserPage``/``VideoPage`` in SIGI_STATE,
``pageProps`` in __NEXT_DATA__, or the top level of an ``/api/...`` response). Every place that
reads such a code turns it into a :class:`PageStatus` through :func:`status_from_code`; nothing
else interprets a code.

Choices, with the evidence behind them (TikTok documents none of these codes):

* ``10202`` user not found: the code TikTok puts in ``webapp.user-detail`` for a handle that does
  not exist; username checkers treat it as "handle available".
* ``10221`` banned: the account exists but is banned. (Some checkers also see it for handles that
  never existed; TikTok does not tell them apart, so a caller must not read "banned" as proof the
  account was ever real.)
* ``10223`` banned: grouped with 10221 by the checkers that distinguish "exists but unavailable"
  from "does not exist" (10202).
* ``10222`` private: a private account (profile) or a video of a private account.
* ``10216`` private: yt-dlp's extractor reports it as "This video is private".
* ``10204`` item not found: the real capture holds ``{"statusCode":10204,"statusMsg":"item doesn't
  exist"}``, so it is ``not_found``. The same code has been reported for videos hidden from a
  region; when (and only when) TikTok's own ``statusMsg`` speaks of a region, country or location
  it is ``geo_blocked``. The message is TikTok's machine field, not page text.
* ``10217`` not found: the item was deleted / taken down.
* ``10231`` geo_blocked: reported as "region blocked" for a video (one source reads it as failed
  moderation; either way the caller cannot see it from here).
* ``10201`` not found: treated as "content/user not available" by checkers, alongside 10202.
* ``10000`` blocked: the verify/captcha answer (``{"statusCode":10000,"verifyConfig":{...}}``).
* ``10101`` unknown: seen both as an API ``params_error`` and on unavailable user pages: the code
  is kept, but no meaning is claimed.

Any other code is ``unknown`` with the code kept, so a new code shows up in the data instead of
being silently read as "ok" or "not found".

``no_data`` is not one of TikTok's codes: the page answered ok but without what it is for (a video
page whose state holds no item, a profile scope without its user). Nor is ``broken``: the text
is malformed JSON, as an answer cut short in transit is; ``unknown`` is kept for text that is
well formed but of a shape no finder knows, as a new layout of TikTok's would be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class StatusKind(StrEnum):
    OK = "ok"
    NOT_FOUND = "not_found"
    PRIVATE = "private"
    BANNED = "banned"
    BLOCKED = "blocked"
    GEO_BLOCKED = "geo_blocked"
    NO_DATA = "no_data"
    BROKEN = "broken"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class PageStatus:
    """The state a page reports: ``kind``, TikTok's numeric ``code`` when it gave one, a message."""

    kind: StatusKind
    code: int | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.kind is StatusKind.OK

    def __str__(self) -> str:
        code = f" {self.code}" if self.code is not None else ""
        return f"{self.kind.value}{code}: {self.message}" if self.message else f"{self.kind.value}{code}"


# THE table: TikTok statusCode -> (kind, plain-language message).
STATUS_TABLE: dict[int, tuple[StatusKind, str]] = {
    0: (StatusKind.OK, ""),
    10000: (StatusKind.BLOCKED, "TikTok asks for a verification (captcha)"),
    10101: (StatusKind.UNKNOWN, "TikTok reported an error (10101: parameter error or unavailable page)"),
    10201: (StatusKind.NOT_FOUND, "the content is not available"),
    10202: (StatusKind.NOT_FOUND, "the user does not exist"),
    10204: (StatusKind.NOT_FOUND, "the video does not exist"),
    10216: (StatusKind.PRIVATE, "the video is private"),
    10217: (StatusKind.NOT_FOUND, "the video was deleted"),
    10221: (StatusKind.BANNED, "the account is banned"),
    10222: (StatusKind.PRIVATE, "the account is private"),
    10223: (StatusKind.BANNED, "the account is not available (banned or restricted)"),
    10231: (StatusKind.GEO_BLOCKED, "the video is not available in this region"),
}

# Codes whose meaning TikTok's own statusMsg refines: (pattern on statusMsg, kind, message).
_MESSAGE_RULES: dict[int, tuple[tuple[re.Pattern[str], StatusKind, str], ...]] = {
    10204: (
        (
            re.compile(r"region|country|location|not available in", re.IGNORECASE),
            StatusKind.GEO_BLOCKED,
            "the video is not available in this region",
        ),
    ),
}


def status_from_code(code: object, status_msg: object = None) -> PageStatus:
    """Map a TikTok ``statusCode`` (int or numeric string) and its ``statusMsg`` to a status."""
    number = _as_code(code)
    msg = status_msg.strip() if isinstance(status_msg, str) else ""
    if number is None:
        return PageStatus(StatusKind.UNKNOWN, None, f"unreadable TikTok statusCode {code!r}")
    for pattern, kind, message in _MESSAGE_RULES.get(number, ()):
        if msg and pattern.search(msg):
            return PageStatus(kind, number, _with_msg(message, msg))
    if number in STATUS_TABLE:
        kind, message = STATUS_TABLE[number]
        return PageStatus(kind, number, _with_msg(message, msg))
    return PageStatus(StatusKind.UNKNOWN, number, _with_msg(f"unknown TikTok statusCode {number}", msg))


def is_error_code(code: object) -> bool:
    """True when ``code`` is present and is not TikTok's 0 (a missing code is not an error)."""
    if code is None:
        return False
    return _as_code(code) != 0


def ok(message: str = "") -> PageStatus:
    return PageStatus(StatusKind.OK, None, message)


def unknown(message: str, code: int | None = None) -> PageStatus:
    return PageStatus(StatusKind.UNKNOWN, code, message)


def no_data(message: str, code: int | None = None) -> PageStatus:
    return PageStatus(StatusKind.NO_DATA, code, message)


def broken(message: str) -> PageStatus:
    return PageStatus(StatusKind.BROKEN, None, message)


def blocked(message: str) -> PageStatus:
    return PageStatus(StatusKind.BLOCKED, None, message)


def _as_code(code: object) -> int | None:
    if isinstance(code, bool):
        return None
    if isinstance(code, int):
        return code
    if isinstance(code, str) and code.strip().lstrip("-").isdigit():
        return int(code.strip())
    return None


def _with_msg(message: str, status_msg: str) -> str:
    if not status_msg:
        return message
    return f"{message} (TikTok: {status_msg})" if message else f"TikTok: {status_msg}"


# Each state in the words a person reads.
STATUS_WORDS: dict[StatusKind, str] = {
    StatusKind.OK: "ok",
    StatusKind.NOT_FOUND: "not found on TikTok",
    StatusKind.PRIVATE: "a private account: its videos cannot be seen",
    StatusKind.BANNED: "banned by TikTok",
    StatusKind.GEO_BLOCKED: "not available in this region",
    StatusKind.BLOCKED: "TikTok asked for a captcha (blocked)",
    StatusKind.NO_DATA: "a TikTok page without the data asked for",
    StatusKind.BROKEN: "a TikTok answer cut short (malformed JSON)",
    StatusKind.UNKNOWN: "an unexpected page",
}


def words(status: PageStatus) -> str:
    """The status in the words a person reads, with TikTok's code when it gave one."""
    text = STATUS_WORDS[status.kind]
    return f"{text} ({status.code})" if status.code not in (None, 0) else text
