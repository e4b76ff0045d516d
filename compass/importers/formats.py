"""Which export a file is, told from its content, and its rows as flat dicts.

JSON documents are recognized by shape (drawrowfly ``{headers, collector, zip}``; Apify items with
``authorMeta``/``webVideoUrl``; TikTok's own ``item_list`` responses, bare items and ``userInfo``
profiles, also when a third-party API wraps them in ``{"data": ...}``) and every item is flattened
to dotted keys (``authorMeta.fans``, ``hashtags.0.name``), the same names a flattening CSV export
writes, so one column vocabulary reads both. CSV files are told apart by their columns.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from compass.importers.advice import Note, Option
from compass.importers.columns import Plan
from compass.importers.model import ImportFileError, SkippedRow
from compass.importers.values import parse_time
from compass.tiktok.page_json import blobs_from_document

FlatRow = dict[str, Any]
_ITEM_LIST_KEYS = ("itemList", "item_list", "items", "aweme_list")
_APIFY_KEYS = ("authorMeta", "musicMeta", "videoMeta", "webVideoUrl", "createTimeISO")
_WEB_ITEM_KEYS = ("desc", "createTime", "stats", "statsV2", "author", "video", "music", "contents")
_COMMENTS = "this file holds TikTok comments, not videos or profiles: comments are not supported"


@dataclass
class Source:
    """A file's rows, numbered as a person counts them, and what its content says about itself."""

    format: str  # "csv" until its columns are recognized (see csv_format)
    rows: Iterable[tuple[int, FlatRow]]  # a CSV's rows are read as they are consumed
    columns: list[str]
    tabular: bool  # a CSV (or unknown JSON): its unrecognized columns are worth reporting
    captured_at: datetime | None = None
    notes: list[Note] = field(default_factory=list)
    malformed: list[SkippedRow] = field(default_factory=list)  # rows the format could not read, as read


def flatten(value: Any, prefix: str = "", out: FlatRow | None = None) -> FlatRow:
    """``{"a": {"b": 1}, "c": [{"d": 2}]}`` -> ``{"a.b": 1, "c.0.d": 2}``; an empty list stays a value."""
    out = {} if out is None else out
    if isinstance(value, dict):
        for key, item in value.items():
            flatten(item, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            flatten(item, f"{prefix}.{index}" if prefix else str(index), out)
    elif prefix:
        out[prefix] = value
    return out


def _columns(rows: list[tuple[int, FlatRow]]) -> list[str]:
    seen: dict[str, None] = {}
    for _, row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def _decode(data: bytes) -> tuple[str, list[Note]]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), [Note("the file is not UTF-8: read as Windows-1252")]


_CONTROL = frozenset(range(32)) - {9, 10, 13}
BINARY_SHARE = 0.02  # of control characters in the first 4,096: no text export comes near it


def _looks_binary(text: str) -> bool:
    """Many NUL or other control characters: an image, an archive, random bytes (a stray NUL in a
    caption is text, and is dropped from it)."""
    head = text[:4096]
    return bool(head) and sum(1 for c in head if ord(c) in _CONTROL) / len(head) > BINARY_SHARE


def read_source(data: bytes) -> Source:
    """Detect the export format of ``data`` and return its rows."""
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError("this is a zip or Excel file: save the sheet as CSV, or unzip the export first")
    text, notes = _decode(data)
    if _looks_binary(text):
        raise ImportFileError("this is not a CSV or JSON export: it holds binary data")
    head = text.lstrip()[:1]
    if not head:
        raise ImportFileError("the file is empty")
    if head == "<":
        raise ImportFileError("this is an HTML or XML page, not an export: import takes CSV or JSON exports")
    if _is_json_scalar(text):
        raise ImportFileError("this JSON holds a single value, not a list of videos or profiles")
    source = _json_source(_load_json(text)) if head in "[{" else _csv_source(text)
    source.notes[:0] = notes
    return source


def _is_json_scalar(text: str) -> bool:
    """``5``, ``"x"``, ``null``: valid JSON, and no export (a one-line CSV is never valid JSON)."""
    if len(text) > 4096 or "\n" in text.strip():
        return False
    try:
        return not isinstance(json.loads(text), list | dict)
    except ValueError:
        return False


def _load_json(text: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise ImportFileError("the JSON is nested too deeply to be an export") from None
    except ValueError as exc:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > 1:
            try:  # JSON Lines: one item per line (Apify's and many scrapers' .jsonl)
                return [json.loads(line) for line in lines]
            except (ValueError, RecursionError):
                pass
        raise ImportFileError(f"the file is not valid JSON ({exc})") from None


def _unwrap(document: Any) -> Any:
    """Third-party APIs wrap TikTok's response: ``{"data": {...}}`` (RapidAPI and the like)."""
    while (
        isinstance(document, dict)
        and isinstance(document.get("data"), dict | list)
        and not any(k in document for k in ("collector", "userInfo", *_ITEM_LIST_KEYS))
    ):
        document = document["data"]
    return document


def _is_profile(item: Any) -> bool:
    """``webapp.user-detail`` userInfo: ``{user, stats, statsV2, itemList}``."""
    if not isinstance(item, dict) or not isinstance(item.get("user"), dict):
        return False
    return "stats" in item or "statsV2" in item


def _is_comment(item: Any) -> bool:
    return isinstance(item, dict) and "cid" in item and ("aweme_id" in item or "comment_language" in item)


def _captured_at(document: dict[str, Any]) -> datetime | None:
    """TikTok's responses say when they were served: ``extra.now`` (unix ms)."""
    extra = document.get("extra")
    if isinstance(extra, dict) and extra.get("now"):
        try:
            return parse_time(extra["now"])[0]
        except ValueError:
            return None
    return None


def _items(rows: list[Any]) -> list[tuple[int, FlatRow]]:
    return [(number, flatten(item)) for number, item in enumerate(rows, 1) if isinstance(item, dict)]


def _web_items(items: list[Any]) -> list[tuple[int, FlatRow]]:
    """TikTok items: a photo post carries ``imagePost``; any other item is a video."""
    rows = []
    for number, item in enumerate(items, 1):
        if isinstance(item, dict):
            row = flatten({k: v for k, v in item.items() if k != "imagePost"})
            row["imagePost"] = bool(item.get("imagePost"))
            rows.append((number, row))
    return rows


def _profiles(profiles: list[Any]) -> list[tuple[int, FlatRow]]:
    """``webapp.user-detail`` userInfo ``{user, stats, statsV2}``: read as an item's author fields."""
    return _items(
        [
            {"author": p["user"], "authorStats": p.get("stats"), "authorStatsV2": p.get("statsV2")}
            if _is_profile(p)
            else None
            for p in profiles
        ]
    )


def _json_source(document: Any) -> Source:
    page = blobs_from_document(document)
    if page is not None:
        raise ImportFileError(
            f"this is the state a TikTok page embeds ({', '.join(page.blobs)}), not an export: "
            "import takes exports (Apify, drawrowfly, TikTok API responses, CSV)"
        )
    document = _unwrap(document)
    if isinstance(document, dict):
        return _dict_source(document)
    if isinstance(document, list):
        return _list_source(document)
    raise ImportFileError("this JSON is not an export I know: expected a list of videos or profiles")


def _dict_source(document: dict[str, Any]) -> Source:
    captured_at = _captured_at(document)
    if isinstance(document.get("collector"), list):
        return _source("drawrowfly-json", _items(document["collector"]))
    profile = document.get("userInfo", document)
    if _is_profile(profile):
        return _profile_source([profile], captured_at)
    for key in _ITEM_LIST_KEYS:
        if isinstance(document.get(key), list):
            return _list_source(document[key], captured_at, empty="tiktok-web-json")
    item_info = document.get("itemInfo")
    item = item_info.get("itemStruct") if isinstance(item_info, dict) else None
    if isinstance(item, dict):
        return _list_source([item], captured_at)
    if isinstance(document.get("comments"), list) or _is_comment(document):
        raise ImportFileError(_COMMENTS)
    status = document.get("statusCode", document.get("status_code"))
    if status not in (None, 0):
        message = document.get("statusMsg") or document.get("status_msg") or "no message"
        raise ImportFileError(f"TikTok answered with status {status} ({message}): the file holds no data")
    if "id" in document:
        return _list_source([document], captured_at)
    raise ImportFileError("this JSON is not an export I know: expected a list of videos or profiles")


def _list_source(items: list[Any], captured_at: datetime | None = None, empty: str = "json") -> Source:
    """A list is told by its first object: profiles, Apify/drawrowfly items, TikTok items, or other."""
    first = next((item for item in items if isinstance(item, dict)), None)
    if first is None:
        if items:
            raise ImportFileError("this JSON list holds no objects: expected a list of videos or profiles")
        return _source(empty, [], captured_at, note="the file holds an empty list")
    if _is_comment(first):
        raise ImportFileError(_COMMENTS)
    if _is_profile(first):
        return _profile_source(items, captured_at)
    if any(key in first for key in _APIFY_KEYS):
        return _source("apify-json", _items(items), captured_at)
    if "id" in first and any(key in first for key in _WEB_ITEM_KEYS):
        return _source("tiktok-web-json", _web_items(items), captured_at)
    return _source("videos-json", _items(items), captured_at, tabular=True)


def _profile_source(profiles: list[Any], captured_at: datetime | None) -> Source:
    source = _source("tiktok-web-json", _profiles(profiles), captured_at)
    lists = [p["itemList"] for p in profiles if _is_profile(p) and isinstance(p.get("itemList"), list)]
    nested = sum(map(len, lists))
    if nested:
        source.notes.append(Note(f"{nested:,} videos listed inside the profiles were not imported"))
    return source


def _source(
    name: str,
    rows: list[tuple[int, FlatRow]],
    captured_at: datetime | None = None,
    *,
    tabular: bool = False,
    note: str | None = None,
) -> Source:
    return Source(name, rows, _columns(rows), tabular, captured_at, [Note(note)] if note else [])


def _delimiter(header: str) -> str:
    counts = {d: 0 for d in ",;\t|"}
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


# Python's csv messages, in words: what is wrong with the quoting, and what usually causes it.
_CSV_ERRORS = {
    "unexpected end of data": "a quote opened in this row is never closed",
    "expected after": "a quoted field goes on after its closing quote (a quote inside it is not doubled)",
    "field larger than field limit": "a field is over 128 KiB (usually a quote that is never closed)",
    "new-line character seen in unquoted field": "a line break inside a field that is not quoted",
}


def _csv_source(text: str) -> Source:
    delimiter = _delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError("the file is empty") from None
    except csv.Error as exc:
        raise _csv_error(exc, reader.line_num, "the header") from None
    columns = _unique([name.strip() for name in header])
    source = Source("csv", [], columns, tabular=True)
    source.rows = _csv_rows(reader, columns, source.malformed)
    return source


def _csv_error(exc: csv.Error, line: int, where: str) -> ImportFileError:
    message = str(exc)
    words = next((said for key, said in _CSV_ERRORS.items() if key in message), message)
    return ImportFileError(
        f"the CSV cannot be read past line {line:,} ({where}): {words}; fix the quoting "
        "or export the file again"
    )


def _csv_rows(
    reader: Iterator[list[str]], columns: list[str], malformed: list[SkippedRow]
) -> Iterator[tuple[int, FlatRow]]:
    """Data rows numbered from 1 (blank lines are not rows). A row with fewer fields than the header,
    or more that are not empty, is not read: a delimiter or quote is out of place, and reading it
    would put values under the wrong columns."""
    number = 0
    width = len(columns)
    try:
        for record in reader:
            if record and any(record):
                number += 1
                if len(record) == width or (len(record) > width and not any(record[width:])):
                    yield number, dict(zip(columns, record, strict=False))
                else:
                    malformed.append(
                        SkippedRow(
                            number,
                            f"{len(record)} fields where the header has {width} "
                            "(a delimiter or quote out of place)",
                        )
                    )
    except csv.Error as exc:
        raise _csv_error(exc, reader.line_num, f"data row {number + 1:,}") from None


def _unique(names: list[str]) -> list[str]:
    """Two columns with one name both stay readable: the second becomes ``name#2``."""
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name}#{seen[name]}")
    return result


def csv_format(columns: list[str], plan: Plan) -> str:
    """Name a CSV's format once its columns are recognized; raises when it holds nothing to import."""
    if any(c.startswith(("authorMeta", "musicMeta", "videoMeta")) for c in columns):
        flattened_lists = any(part.isdigit() for c in columns for part in c.replace("/", ".").split("."))
        if flattened_lists or any("/" in c for c in columns) or "createTimeISO" in columns:
            return "apify-csv"
        return "drawrowfly-csv"
    if plan.has("video_id") or plan.has("video_url"):
        return "videos-csv"
    if plan.has("handle"):
        return "creators-csv"
    shown = ", ".join(columns[:12]) + (", ..." if len(columns) > 12 else "")
    raise ImportFileError(
        f"no column holds a video id, a video URL or a creator handle (columns: {shown})",
        Option.MAP,
        f"{columns[0] if columns else 'COLUMN'}=video_id",
    )
