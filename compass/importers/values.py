"""Value parsers for what real exports write: display counts, clock durations, unix or ISO times,
hashtag lists in half a dozen spellings, booleans, and video ids that a spreadsheet may have mangled.

Every parser takes a raw cell (a ``str`` from a CSV, or any JSON scalar or list) and returns the
value or ``None`` for an empty cell. A cell that holds something unreadable raises ``ValueError``
so that the caller decides whether the field is mandatory (skip the row) or optional (unknown).
Patterns are compiled once, here: these run once per cell on files of tens of thousands of rows.
"""

from __future__ import annotations

import ast
import json
import math
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from email.utils import parsedate_to_datetime

from compass import bounds

_SUFFIXES = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
_COUNT_RE = re.compile(r"^(\d+(?:[.,]\d+)?)\s*([kmb])?$", re.IGNORECASE)
_COUNT_NOISE_RE = re.compile(r"\+?(?:\s+[^\W\d_]{2,})?$")  # "10K+", "3 videos"
_GROUPED_RE = re.compile(r"^[1-9]\d{0,2}(?:([,.\s'\u00a0\u202f])\d{3})(?:\1\d{3})*$")
_SCIENTIFIC_RE = re.compile(r"^\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_DECIMAL_RE = re.compile(r"^\d+\.\d+$")
_NON_DIGIT_RE = re.compile(r"\D")
_CLOCK_RE = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.\d+)?$")
_SECONDS_RE = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:s|sec|secs|seconds?)?$", re.IGNORECASE)
_QUOTED_RE = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"")
_TAG_SPLIT_RE = re.compile(r"[\s,;|#\[\]'\"]+")
_CAPTION_TAG_RE = re.compile(r"#([^\s#@]+)")
_TAG_TRAILING = ".,!?;:)]}\"'”’…"
_VIDEO_URL_RE = re.compile(r"/video/([0-9]{15,20})(?![0-9])")
_HANDLE_URL_RE = re.compile(r"/@([A-Za-z0-9._]{1,64})(?:[/?#]|$)")
_TZ_WORD_RE = re.compile(r"\s*(?:UTC|GMT|Z)$")

_TRUE = frozenset({"true", "t", "yes", "y", "1"})
_FALSE = frozenset({"false", "f", "no", "n", "0"})


def _text(raw: object) -> str | None:
    """The cell as stripped text (without NUL), or None when empty; a list or object is no text."""
    if raw is None:
        return None
    if isinstance(raw, list | dict):
        raise ValueError(f"{raw!r} is not text")
    text = bounds.clean_text(raw.strip() if isinstance(raw, str) else str(raw))
    return text or None


def _count(number: Decimal | int, raw: object) -> int:
    if not 0 <= number <= bounds.MAX_COUNT or number != int(number):
        raise ValueError(f"{raw!r} is not a count")
    return int(number)


def parse_count(raw: object) -> int | None:
    """``1234``, ``"1,234"``, ``"1.2M"``, ``"541.2K"``, ``"78.9m"``, ``"3 videos"``, ``"1.2e+06"``."""
    if type(raw) is str:
        text = raw.strip()
        if text.isdigit() and len(text) < 19:
            return int(text)
        if not text:
            return None
    elif raw is None:
        return None
    elif isinstance(raw, bool) or (isinstance(raw, float) and not math.isfinite(raw)):
        raise ValueError(f"{raw!r} is not a count")
    elif isinstance(raw, int):
        return _count(raw, raw)
    elif isinstance(raw, float):
        return _count(Decimal(repr(raw)), raw)
    else:
        text = str(raw).strip()
    text = _COUNT_NOISE_RE.sub("", text)
    if text.isdigit():
        return _count(int(text), raw)
    if _GROUPED_RE.match(text):
        return _count(int(_NON_DIGIT_RE.sub("", text)), raw)
    if _SCIENTIFIC_RE.match(text):
        return _count(Decimal(text.replace(",", ".")), raw)
    match = _COUNT_RE.match(text)
    if match is None:
        raise ValueError(f"{raw!r} is not a count")
    number = Decimal(match.group(1).replace(",", "."))
    suffix = match.group(2)
    if suffix:
        return _count((number * _SUFFIXES[suffix.lower()]).to_integral_value(), raw)
    return _count(number, raw)


def parse_duration(raw: object) -> int | None:
    """Whole seconds from ``15``, ``15.4``, ``"15s"``, ``"00:15"`` or ``"1:02:03"``, at most
    ``bounds.MAX_DURATION_S``."""
    if isinstance(raw, bool):
        raise ValueError(f"{raw!r} is not a duration")
    if isinstance(raw, int | float):
        if not 0 <= raw <= bounds.MAX_DURATION_S:  # also rejects NaN
            raise ValueError(f"{raw!r} is not a duration (0 to {bounds.MAX_DURATION_S:,} seconds)")
        return round(raw)
    text = _text(raw)
    if text is None:
        return None
    if text.isascii() and text.isdigit():
        return bounds.duration(int(text))
    match = _CLOCK_RE.match(text)
    if match:
        hours, minutes, seconds = match.groups()
        return bounds.duration(int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds))
    match = _SECONDS_RE.match(text)
    if match:
        return parse_duration(float(match.group(1)))
    raise ValueError(f"{raw!r} is not a duration")


def _from_unix(number: float) -> datetime:
    if number > 1e14:  # microseconds
        number /= 1e6
    elif number > 1e11:  # milliseconds: 1e11 seconds is the year 5138
        number /= 1e3
    try:
        return datetime.fromtimestamp(number, tz=UTC)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"{number!r} is not a time") from None


def _to_utc(parsed: datetime, tz: tzinfo) -> tuple[datetime, bool]:
    """Year 9999 at -05:00, or year 1 at +05:00, is no time in UTC: ``ValueError``."""
    try:
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=tz).astimezone(UTC), True
        return parsed.astimezone(UTC), False
    except (OverflowError, ValueError):
        raise ValueError(f"{parsed.isoformat()} is outside the calendar once in UTC") from None


def parse_time(raw: object, tz: tzinfo = UTC) -> tuple[datetime | None, bool]:
    """``(time in UTC, whether it was written without a zone)`` from unix seconds or
    milliseconds, ISO 8601 text, ``2020-11-07 17:02:37``, or an RFC 2822 date. A time without a
    zone is read in ``tz``. Zero and empty cells are no time."""
    if isinstance(raw, bool):
        raise ValueError(f"{raw!r} is not a time")
    if isinstance(raw, int | float):
        return (_from_unix(raw), False) if raw > 0 else (None, False)
    text = _text(raw)
    if text is None:
        return None, False
    if (text.isascii() and text.isdigit()) or _DECIMAL_RE.match(text) or _SCIENTIFIC_RE.match(text):
        number = float(text.replace(",", "."))
        return (_from_unix(number), False) if number > 0 else (None, False)
    try:
        parsed = datetime.fromisoformat(text.replace("/", "-"))
    except ValueError:
        parsed = None
    if parsed is None:
        zoneless = _TZ_WORD_RE.sub("", text)
        if zoneless != text:
            try:
                parsed = datetime.fromisoformat(zoneless.replace("/", "-")).replace(tzinfo=UTC)
            except ValueError:
                parsed = None
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            raise ValueError(f"{raw!r} is not a time") from None
    return _to_utc(parsed, tz)


def parse_bool(raw: object) -> bool | None:
    """True/False, ``"true"``, ``"1"``, ``"yes"``..."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    text = _text(raw)
    if text is None:
        return None
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"{raw!r} is not true or false")


def _tag_of(item: object) -> str | None:
    if isinstance(item, dict):
        for key in ("name", "hashtagName", "hashtag_name", "title", "hashtag", "tag"):
            value = item.get(key)
            if isinstance(value, str) and value.strip():
                return value
        return None
    return None if item is None else str(item)


def _list_text(text: str) -> list[object] | None:
    """A JSON list (``["a"]``, ``[{"name": "a"}]``) or a Python list literal (``['a', 'b']``)."""
    inner = text[1:-1].strip()
    if not inner:
        return []
    if inner[0] == "'" and "\\" not in inner:  # Python's repr of a list of str: quotes never escaped
        return [single or double for single, double in _QUOTED_RE.findall(inner)]
    try:
        value = json.loads(text)
    except ValueError:
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return None
    return value if isinstance(value, list) else None


def parse_hashtags(raw: object) -> list[str]:
    """Hashtags as written: a list (of strings or of ``{name}``/``{title}``/``{hashtagName}``),
    a JSON or Python list string, or ``"#a #b"`` / ``"a, b"`` text. Lower-case, without ``#``,
    de-duplicated, in order."""
    if raw is None:
        return []
    items: list[object]
    if isinstance(raw, list):
        items = raw
    elif isinstance(raw, dict):
        items = [raw]
    else:
        text = raw.strip() if isinstance(raw, str) else str(raw)
        if not text:
            return []
        listed = _list_text(text) if text[0] == "[" and text[-1] == "]" else None
        items = listed if listed is not None else _TAG_SPLIT_RE.split(text)
    return normalize_hashtags(tag for tag in map(_tag_of, items) if tag)


def normalize_hashtags(tags: Iterable[str]) -> list[str]:
    """Lower-case, without ``#``, de-duplicated, in order."""
    seen: dict[str, None] = {}
    for tag in tags:
        clean = tag.strip().lstrip("#").strip().lower()
        if clean:
            seen.setdefault(clean, None)
    return list(seen)


def hashtags_from_caption(caption: str | None) -> list[str]:
    """The ``#words`` of a caption, for files that hold no hashtag list."""
    if not caption or "#" not in caption:
        return []
    return normalize_hashtags(tag.rstrip(_TAG_TRAILING) for tag in _CAPTION_TAG_RE.findall(caption))


def is_float_notation(text: str) -> bool:
    """``7.47e+18`` or ``7,25E+18``: a spreadsheet turned the id into a number and lost digits."""
    return _SCIENTIFIC_RE.match(text) is not None


def parse_video_id(raw: object) -> str:
    """A TikTok video id (15-20 digits, at most 64 bits; full-width digits read as ASCII).
    Raises ``ValueError`` for anything else."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    text = _text(raw)
    if text is None:
        raise ValueError(f"{raw!r} is not a TikTok video id")
    return bounds.video_id(text)


def parse_id(raw: object) -> str | None:
    """An account or sound id as ASCII digits of at most 64 bits; None for an empty cell;
    ValueError for anything else."""
    if isinstance(raw, bool):
        raise ValueError(f"{raw!r} is not an id")
    text = _text(str(raw) if isinstance(raw, int) else raw)
    return None if text is None else bounds.tiktok_id(text)


def video_id_from_url(url: object) -> str | None:
    text = _text(url)
    match = _VIDEO_URL_RE.search(text) if text else None
    return match.group(1) if match else None


def handle_from_url(url: object) -> str | None:
    text = _text(url)
    match = _HANDLE_URL_RE.search(text) if text else None
    return match.group(1) if match else None


def parse_text(raw: object) -> str | None:
    return _text(raw)


def text_parser(field: str) -> Callable[[object], str | None]:
    """A parser of ``field``'s text: ``ValueError`` past the length its column holds."""

    def parse(raw: object) -> str | None:
        text = _text(raw)
        return None if text is None else bounds.text(text, field)

    return parse
