"""What a stored value may be: the one set of limits that importers and page parsers apply before
anything reaches the database, so that a file or a page behaves the same on SQLite and PostgreSQL.

The limits are those of the schema (``compass.models.tiktok``: a test holds them equal) and of
TikTok itself (no video before musical.ly's first in 2014, none longer than a few hours, ids of at
most 64 bits). Each checker returns the clean value or raises ``ValueError`` with a reason a
person can read; the caller decides whether the field is optional (unknown, with a note) or
mandatory (the row is skipped).
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

from compass.records import is_video_id

# musical.ly opened in August 2014; TikTok took over its videos, with their times, in 2018.
FIRST_VIDEO = datetime(2014, 8, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=2)  # a capture's clock may run ahead of the poster's by a zone or two
MAX_COUNT = 2**63 - 1  # a BIGINT
MAX_ID = 2**64 - 1  # TikTok's ids are unsigned 64-bit numbers
MAX_DURATION_S = 4 * 3600  # TikTok takes uploads of up to an hour; four is no TikTok video

# Column lengths of the schema, by field; free text without a column limit gets a sane ceiling,
# far above what TikTok allows (4,000 characters of caption, 80 of bio), so that it is never hit.
LENGTHS = {
    "creator_id": 32,
    "sec_uid": 128,
    "handle": 64,
    "nickname": 255,
    "sound_id": 32,
    "sound_title": 512,
    "sound_author": 255,
    "hashtag": 255,
    "caption": 20_000,
    "bio": 5_000,
    "avatar_url": 8_192,
    "cover_url": 8_192,
}

_FORBIDDEN = {0: None}  # NUL: PostgreSQL's text cannot hold it


def clean_text(value: str) -> str:
    """Without NUL characters and lone surrogates, which no database text column takes."""
    if "\x00" in value:
        value = value.translate(_FORBIDDEN)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", errors="replace").decode("utf-8")
    return value


def text(value: str, field: str) -> str:
    """``value`` cleaned, or ``ValueError`` when it is longer than ``field`` can be."""
    value = clean_text(value)
    limit = LENGTHS[field]
    if len(value) > limit:
        raise ValueError(
            f"{len(value):,} characters, longer than the {limit:,} a {field.replace('_', ' ')} can have"
        )
    return value


def digits(value: str) -> str:
    """Unicode decimal digits (full-width, Arabic-Indic...) as ASCII ones: ``"７２"`` -> ``"72"``."""
    if value.isascii():
        return value
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in value)


def tiktok_id(value: str) -> str:
    """An account, sound or video id: ASCII digits (others normalized) of at most 64 bits."""
    normalized = digits(value.strip())
    if not normalized.isdecimal() or not normalized.isascii():
        raise ValueError(f"{value!r} is not an id (ids are digits)")
    if int(normalized) > MAX_ID:
        raise ValueError(f"{value!r} is past the 64 bits a TikTok id has")
    return normalized


def video_id(value: str) -> str:
    """A video id: 15 to 20 digits (others normalized to ASCII) of at most 64 bits."""
    normalized = digits(value.strip())
    if not is_video_id(normalized):
        raise ValueError(f"{value!r} is not a TikTok video id")
    return normalized


def count(value: int) -> int:
    if not 0 <= value <= MAX_COUNT:
        raise ValueError(f"{value!r} is not a count (0 to 2^63-1)")
    return value


def duration(seconds: int) -> int:
    if not 0 <= seconds <= MAX_DURATION_S:
        raise ValueError(
            f"{seconds!r} seconds is no TikTok video's length (at most {MAX_DURATION_S // 3600} hours)"
        )
    return seconds


def posted_at(moment: datetime, captured_at: datetime | None = None) -> datetime:
    """A post time between TikTok's first video and a little past the capture (or now)."""
    latest = (captured_at or datetime.now(UTC)) + FUTURE_SLACK
    if moment < FIRST_VIDEO:
        raise ValueError(f"{moment:%Y-%m-%d} is before TikTok's first video ({FIRST_VIDEO:%B %Y})")
    if moment > latest:
        raise ValueError(f"{moment:%Y-%m-%d} is after the capture ({latest - FUTURE_SLACK:%Y-%m-%d})")
    return moment


def captured_at(moment: datetime) -> datetime:
    """A capture time: not before TikTok, not in the future."""
    now = datetime.now(UTC)
    if moment < FIRST_VIDEO:
        raise ValueError(
            f"capture time {moment:%Y-%m-%d} is before TikTok's first video ({FIRST_VIDEO:%B %Y})"
        )
    if moment > now + FUTURE_SLACK:
        raise ValueError(f"capture time {moment:%Y-%m-%d %H:%M} UTC is in the future")
    return moment
