"""Flat rows -> records: one row (a CSV row, or a JSON item flattened to dotted keys) at a time.

A row that lacks what a record cannot do without (a video id, an author) or holds garbage there is
skipped with its number and the reason; any other unreadable value becomes unknown (None) and is
counted in a note. Rows are grouped by creator; a video id seen twice keeps the later row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo
from typing import Any

from compass import bounds
from compass.importers.advice import Note, Option
from compass.importers.columns import Plan
from compass.importers.model import ImportFileError, SkippedRow
from compass.importers.values import (
    handle_from_url,
    hashtags_from_caption,
    is_float_notation,
    normalize_hashtags,
    parse_bool,
    parse_count,
    parse_duration,
    parse_hashtags,
    parse_id,
    parse_time,
    parse_video_id,
    text_parser,
    video_id_from_url,
)
from compass.importers.vocabulary import FIELDS, VIDEO_FIGURES
from compass.records import (
    CreatorRecord,
    Observation,
    ProfileStats,
    SoundRecord,
    VideoRecord,
    VideoStats,
    normalize_handle,
    posted_at_from_video_id,
)

Row = Mapping[str, object]
Parser = Callable[[Any], Any]

# Optional fields and their parsers: an unreadable value becomes unknown (None) and is noted.
_PROFILE_FIGURES = ("followers", "following", "total_likes", "video_count")  # ProfileStats order
_CREATOR_TEXTS = ("sec_uid", "nickname", "bio", "avatar_url")
_CREATOR_PARSERS: dict[str, Parser] = {
    "creator_id": parse_id,
    **{name: text_parser(name) for name in _CREATOR_TEXTS},
    "verified": parse_bool,
    "private": parse_bool,
    **dict.fromkeys(_PROFILE_FIGURES, parse_count),
}
_SOUND_FIELDS = ("sound_id", "sound_title", "sound_author", "sound_original")  # SoundRecord order
_VIDEO_PARSERS: dict[str, Parser] = {
    "caption": text_parser("caption"),
    "duration": parse_duration,
    **dict.fromkeys(VIDEO_FIGURES, parse_count),
    "pinned": parse_bool,
    "ad": parse_bool,
    "photo": parse_bool,
    "cover_url": text_parser("cover_url"),
    "sound_id": parse_id,
    "sound_title": text_parser("sound_title"),
    "sound_author": text_parser("sound_author"),
    "sound_original": parse_bool,
}
_Readers = tuple[tuple[str, tuple[str, ...], Parser], ...]


class _Skip(Exception):
    """This row cannot become a record; the message says why."""


def creator_option(raw: str | None) -> str | None:
    """The author option (``@Handle``) as a handle, or ImportFileError."""
    if raw is None or not raw.strip():
        return None
    try:
        return normalize_handle(raw)
    except ValueError:
        raise ImportFileError(f"the author given, {raw!r}, is not a TikTok handle", Option.CREATOR) from None


class RecordBuilder:
    """Reads rows against a :class:`Plan` and groups what it reads into observations."""

    def __init__(self, plan: Plan, tz: tzinfo, captured_at: datetime, creator: str | None = None) -> None:
        self.plan = plan
        self.tz = tz
        self.captured_at = captured_at
        self.fallback_handle = creator
        self.columns = {name: plan.fields.get(name, ()) for name in FIELDS}
        self.with_videos = plan.has("video_id") or plan.has("video_url")
        self.creators: dict[str, dict[str, Any]] = {}
        self.videos: dict[str, tuple[str, VideoRecord]] = {}
        self.skipped: list[SkippedRow] = []
        self.rows = 0
        self._creator_readers = self._readers(_CREATOR_PARSERS)
        self._video_readers = self._readers(_VIDEO_PARSERS)
        self._handles: dict[object, str] = {}
        self._bad: dict[str, list[Any]] = {}  # column -> [count, first row, first reason]
        self._tally: Counter[str] = Counter()

    def add(self, number: int, row: Row) -> None:
        self.rows += 1
        try:
            handle = self._handle(row)
            if self.with_videos:
                self._keep_video(handle, self._video(number, row))
            self.creators.setdefault(handle, {}).update(self._read(row, number, self._creator_readers))
        except _Skip as exc:
            self.skipped.append(SkippedRow(number, str(exc)))

    def _readers(self, parsers: dict[str, Parser]) -> _Readers:
        """The optional fields this file holds, each with its columns (best first) and parser."""
        held = ((name, self.columns[name], parse) for name, parse in parsers.items())
        return tuple(reader for reader in held if reader[1])

    def _read(self, row: Row, number: int, readers: _Readers) -> dict[str, Any]:
        found = {}
        for name, columns, parse in readers:
            for column in columns:
                value = row.get(column)
                if value is None or value == "":
                    continue
                try:
                    found[name] = parse(value)
                    break
                except ValueError as exc:
                    self._bad.setdefault(column, [0, number, str(exc)])[0] += 1
        return found

    def _raw(self, row: Row, name: str) -> object:
        for column in self.columns[name]:
            value = row.get(column)
            if value is not None and value != "":
                return value
        return None

    def _handle(self, row: Row) -> str:
        raw = self._raw(row, "handle")
        if raw is not None and not isinstance(raw, str):
            raise _Skip(f"the author {raw!r} is not a handle")
        if raw is not None:
            handle = self._handles.get(raw)
            if handle is None:
                try:
                    handle = self._handles[raw] = normalize_handle(str(raw))
                except ValueError:
                    raise _Skip(f"{raw!r} is not a TikTok handle") from None
            return handle
        from_url = handle_from_url(self._raw(row, "video_url"))
        if from_url:
            return normalize_handle(from_url)
        if self.fallback_handle:
            self._tally["fallback"] += 1
            return self.fallback_handle
        self._tally["no_author"] += 1
        raise _Skip("the row names no author")

    def _video_id(self, row: Row) -> str:
        raw, url = self._raw(row, "video_id"), self._raw(row, "video_url")
        if raw is None:
            found = video_id_from_url(url)
            if found is None:
                raise _Skip("no video id" + (f" (and no /video/<id> in {url!r})" if url else ""))
            return found
        try:
            return parse_video_id(raw)
        except ValueError:
            rescued = video_id_from_url(url)
            if rescued:
                self._tally["rescued_ids"] += 1
                return rescued
            if is_float_notation(str(raw).strip()):
                raise _Skip(
                    f"video id {raw!r} is in float notation (a spreadsheet rounded it) and no video "
                    "URL holds the real id"
                ) from None
            raise _Skip(f"{raw!r} is not a TikTok video id") from None

    def _video(self, number: int, row: Row) -> VideoRecord:
        video_id = self._video_id(row)
        raw_time = self._raw(row, "posted_at")
        try:
            posted_at, zoneless = parse_time(raw_time, self.tz)
        except ValueError as exc:
            raise _Skip(f"posted time: {exc}") from None
        self._tally["zoneless_times"] += zoneless
        derived = posted_at is None
        if posted_at is None:
            posted_at = posted_at_from_video_id(video_id)
            self._tally["derived_times"] += 1
        try:
            bounds.posted_at(posted_at, self.captured_at)
        except ValueError as exc:
            raise _Skip(
                f"no posted time, and the id {video_id} does not hold one (it reads {posted_at:%Y-%m-%d})"
                if derived
                else f"posted time {raw_time!r}: {exc}"
            ) from None
        found = self._read(row, number, self._video_readers)
        sound = SoundRecord(*(found.get(name) for name in _SOUND_FIELDS))
        return VideoRecord(
            tiktok_id=video_id,
            posted_at=posted_at,
            caption=found.get("caption"),
            duration_s=found.get("duration"),
            stats=VideoStats(*(found.get(name) for name in VIDEO_FIGURES)),
            hashtags=self._hashtags(number, row, found.get("caption")),
            sound=None if sound.is_empty else sound,
            is_pinned=found.get("pinned"),
            is_ad=found.get("ad"),
            is_photo=found.get("photo"),
            cover_url=found.get("cover_url"),
        )

    def _hashtags(self, number: int, row: Row, caption: str | None) -> tuple[str, ...]:
        columns = self.columns["hashtags"]
        if not columns:
            tags = hashtags_from_caption(caption)
            self._tally["caption_tags"] += bool(tags)
        elif len(columns) == 1:
            tags = parse_hashtags(row.get(columns[0]))
        else:
            found: list[str] = []
            for column in columns:
                found.extend(parse_hashtags(row.get(column)))
            tags = normalize_hashtags(found)
        return tuple(self._bounded_tags(number, tags))

    def _bounded_tags(self, number: int, tags: list[str]) -> list[str]:
        kept = []
        for tag in tags:
            try:
                kept.append(bounds.text(tag, "hashtag"))
            except ValueError as exc:
                self._bad.setdefault("hashtags", [0, number, f"#{_shortened(tag)}: {exc}"])[0] += 1
        return kept

    def _keep_video(self, handle: str, video: VideoRecord) -> None:
        if self.videos.pop(video.tiktok_id, None) is not None:
            self._tally["duplicates"] += 1
        self.videos[video.tiktok_id] = (handle, video)

    def observations(self, captured_at: datetime, source: str = "import") -> list[Observation]:
        """One observation per creator, in the order the file first names them."""
        by_creator: dict[str, list[VideoRecord]] = {}
        for handle, video in self.videos.values():
            by_creator.setdefault(handle, []).append(video)
        result = []
        for handle, fields in self.creators.items():
            creator = CreatorRecord(
                handle=handle,
                tiktok_id=fields.get("creator_id"),
                verified=fields.get("verified"),
                private=fields.get("private"),
                stats=ProfileStats(*(fields.get(name) for name in _PROFILE_FIGURES)),
                **{name: fields.get(name) for name in _CREATOR_TEXTS},
            )
            result.append(Observation(creator, captured_at, tuple(by_creator.get(handle, ())), source))
        return result

    def notes(self) -> list[Note]:
        tally, notes = self._tally, []
        if tally["zoneless_times"]:
            zone = getattr(self.tz, "key", None) or str(self.tz)
            notes.append(Note(f"times without a zone read as {zone}", Option.TZ if zone == "UTC" else None))
        if tally["derived_times"] and not self.plan.has("posted_at"):
            notes.append(Note("posted times derived from the video ids (the file has no time column)"))
        elif tally["derived_times"]:
            notes.append(
                Note(f"{tally['derived_times']:,} videos have no posted time: derived from their ids")
            )
        if tally["rescued_ids"]:
            notes.append(
                Note(
                    f"{tally['rescued_ids']:,} video ids were not valid ids (e.g. float notation): "
                    "read from the video URL instead"
                )
            )
        if tally["caption_tags"]:
            notes.append(Note("hashtags read from the captions (the file has no hashtag column)"))
        if tally["duplicates"]:
            notes.append(
                Note(f"{tally['duplicates']:,} rows repeat an earlier video id: the later row was kept")
            )
        if tally["fallback"]:
            notes.append(
                Note(
                    f"{tally['fallback']:,} rows name no author: imported as @{self.fallback_handle}, "
                    "the author given"
                )
            )
        if tally["no_author"]:
            notes.append(Note(f"{tally['no_author']:,} rows name no author, skipped", Option.CREATOR))
        for column, (count, row, reason) in self._bad.items():
            outcome = "dropped" if column == "hashtags" else "kept as unknown"
            notes.append(
                Note(
                    f"column {column!r}: {count:,} values could not be read (first at row {row}: "
                    f"{_shortened(reason, 160)}); {outcome}"
                )
            )
        return notes


def _shortened(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
