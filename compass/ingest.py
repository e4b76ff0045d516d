"""The one idempotent path from normalized records into the database.

Observations are written in batches, one transaction each, with bulk statements (a handful of
round trips per batch, never one per row). The same video seen twice is one video; each new set
of stats it shows becomes a snapshot. A creator is matched by TikTok id, then sec_uid, then handle,
so a renamed handle stays the same creator. On PostgreSQL, transaction-scoped advisory locks on
each creator's keys serialize two processes that ingest the same creator at the same time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, bindparam, select, text, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite

from compass.models import Creator, Hashtag, ProfileSnapshot, Sound, Video, VideoHashtag, VideoStatSnapshot
from compass.records import CreatorRecord, Observation, SoundRecord, VideoRecord

CREATORS: Table = Creator.__table__  # type: ignore[assignment]
SNAPSHOTS: Table = ProfileSnapshot.__table__  # type: ignore[assignment]
SOUNDS: Table = Sound.__table__  # type: ignore[assignment]
VIDEOS: Table = Video.__table__  # type: ignore[assignment]
VIDEO_STATS: Table = VideoStatSnapshot.__table__  # type: ignore[assignment]
HASHTAGS: Table = Hashtag.__table__  # type: ignore[assignment]
VIDEO_HASHTAGS: Table = VideoHashtag.__table__  # type: ignore[assignment]

STAT_COLUMNS = ("views", "likes", "comments", "shares", "saves")
PROFILE_COLUMNS = ("followers", "following", "likes", "video_count")
CREATOR_FIELDS = ("nickname", "bio", "verified", "private", "avatar_url")
VIDEO_FIELDS = ("caption", "duration_s", "is_pinned", "is_ad", "is_photo", "cover_url")


@dataclass
class IngestReport:
    creators_added: int = 0
    creators_updated: int = 0
    videos_added: int = 0
    videos_updated: int = 0
    videos_unchanged: int = 0
    video_snapshots: int = 0
    profile_snapshots: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)

    def merge(self, other: IngestReport) -> None:
        for name in (
            "creators_added",
            "creators_updated",
            "videos_added",
            "videos_updated",
            "videos_unchanged",
            "video_snapshots",
            "profile_snapshots",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.skipped.extend(other.skipped)

    def to_json(self) -> dict[str, Any]:
        return {
            "creators": {"added": self.creators_added, "updated": self.creators_updated},
            "videos": {
                "added": self.videos_added,
                "updated": self.videos_updated,
                "unchanged": self.videos_unchanged,
            },
            "snapshots": self.video_snapshots + self.profile_snapshots,
            "video_snapshots": self.video_snapshots,
            "profile_snapshots": self.profile_snapshots,
            "skipped": self.skipped,
        }


def ingest(
    engine: Engine, observations: Iterable[Observation], *, batch_videos: int = 5000, demo: bool = False
) -> IngestReport:
    """Write observations; returns what was added, updated and left unchanged."""
    report = IngestReport()
    for batch in _batches(observations, batch_videos):
        with engine.begin() as connection:
            report.merge(_BatchWriter(connection, demo).write(batch))
    return report


def _batches(observations: Iterable[Observation], batch_videos: int) -> Iterator[list[Observation]]:
    batch: list[Observation] = []
    size = 0
    for observation in observations:
        batch.append(observation)
        size += len(observation.videos) + 1
        if size >= batch_videos:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _lock_key(text_key: str) -> int:
    return int.from_bytes(hashlib.blake2b(text_key.encode(), digest_size=8).digest(), "big", signed=True)


def _insert(connection: Connection, table: Table) -> Any:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def _chunks(items: Sequence[Any], size: int = 900) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _BatchWriter:
    """Writes one batch inside one transaction."""

    def __init__(self, connection: Connection, demo: bool) -> None:
        self.connection = connection
        self.demo = demo
        self.report = IngestReport()

    def write(self, batch: list[Observation]) -> IngestReport:
        merged = self._merge_same_creator(batch)
        self._lock(merged)
        creator_ids = [self._upsert_creator(obs.creator, obs.captured_at, obs.source) for obs in merged]
        sound_ids = self._sound_ids([v.sound for obs in merged for v in obs.videos if v.sound])
        hashtag_ids = self._hashtag_ids({tag for obs in merged for v in obs.videos for tag in v.hashtags})
        for obs, creator_id in zip(merged, creator_ids, strict=True):
            self._write_videos(obs, creator_id, sound_ids, hashtag_ids)
        return self.report

    @staticmethod
    def _merge_same_creator(batch: list[Observation]) -> list[Observation]:
        """Observations of one creator at one moment are written together; later videos win."""
        merged: dict[tuple[str, datetime], Observation] = {}
        for obs in batch:
            key = (obs.creator.tiktok_id or "@" + obs.creator.handle, obs.captured_at)
            previous = merged.get(key)
            if previous is None:
                merged[key] = obs
                continue
            videos = {v.tiktok_id: v for v in (*previous.videos, *obs.videos)}
            merged[key] = Observation(obs.creator, obs.captured_at, tuple(videos.values()), obs.source)
        return list(merged.values())

    def _lock(self, batch: list[Observation]) -> None:
        if self.connection.dialect.name != "postgresql":
            return
        keys = set()
        for obs in batch:
            keys.add(_lock_key("handle:" + obs.creator.handle))
            if obs.creator.tiktok_id:
                keys.add(_lock_key("creator:" + obs.creator.tiktok_id))
            for video in obs.videos:
                if video.sound and not video.sound.tiktok_id and video.sound.title:
                    keys.add(_lock_key(f"sound:{video.sound.title}|{video.sound.author}"))
        # Taken in one sorted order, so two writers can never wait on each other in a cycle.
        for key in sorted(keys):
            self.connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

    def _find_creator(self, record: CreatorRecord) -> Any:
        columns = (CREATORS.c.id, CREATORS.c.tiktok_id, CREATORS.c.handle, CREATORS.c.stats_captured_at,
                   *(CREATORS.c[name] for name in CREATOR_FIELDS), CREATORS.c.sec_uid)
        if record.tiktok_id:
            row = self.connection.execute(select(*columns).where(CREATORS.c.tiktok_id == record.tiktok_id)).first()
            if row:
                return row
        if record.sec_uid:
            row = self.connection.execute(select(*columns).where(CREATORS.c.sec_uid == record.sec_uid)).first()
            if row:
                return row
        query = select(*columns).where(CREATORS.c.handle == record.handle)
        if record.tiktok_id:
            query = query.where(CREATORS.c.tiktok_id.is_(None))
        return self.connection.execute(query.order_by(CREATORS.c.last_seen_at.desc()).limit(1)).first()

    def _upsert_creator(self, record: CreatorRecord, captured_at: datetime, source: str) -> int:
        existing = self._find_creator(record)
        values: dict[str, Any] = {
            name: getattr(record, name) for name in CREATOR_FIELDS if getattr(record, name) is not None
        }
        if existing is None:
            creator_id = self.connection.execute(
                CREATORS.insert().returning(CREATORS.c.id),
                {
                    **values,
                    "handle": record.handle,
                    "tiktok_id": record.tiktok_id,
                    "sec_uid": record.sec_uid,
                    "is_demo": self.demo,
                    "first_seen_at": captured_at,
                    "last_seen_at": captured_at,
                },
            ).scalar_one()
            self.report.creators_added += 1
            changed = True
        else:
            creator_id = existing.id
            if record.tiktok_id and not existing.tiktok_id:
                values["tiktok_id"] = record.tiktok_id
            if record.sec_uid and not existing.sec_uid:
                values["sec_uid"] = record.sec_uid
            # Only a source that knows the TikTok id can tell a rename from a different account.
            if record.handle != existing.handle and (record.tiktok_id or record.sec_uid):
                values["handle"] = record.handle
            values = {k: v for k, v in values.items() if getattr(existing, k) != v}
            changed = bool(values)
            if values:
                self.connection.execute(update(CREATORS).where(CREATORS.c.id == creator_id).values(**values))
            self.connection.execute(
                update(CREATORS)
                .where(CREATORS.c.id == creator_id, CREATORS.c.last_seen_at < captured_at)
                .values(last_seen_at=captured_at)
            )
        if self._write_profile_snapshot(creator_id, record, captured_at, source):
            changed = True
        if changed and existing is not None:
            self.report.creators_updated += 1
        return int(creator_id)

    def _write_profile_snapshot(
        self, creator_id: int, record: CreatorRecord, captured_at: datetime, source: str
    ) -> bool:
        if record.stats.is_empty:
            return False
        stats = {name: getattr(record.stats, name) for name in PROFILE_COLUMNS}
        latest = self.connection.execute(
            select(*(SNAPSHOTS.c[name] for name in PROFILE_COLUMNS), SNAPSHOTS.c.captured_at)
            .where(SNAPSHOTS.c.creator_id == creator_id)
            .order_by(SNAPSHOTS.c.captured_at.desc())
            .limit(1)
        ).first()
        repeats_latest = latest is not None and all(
            getattr(latest, name) == stats[name] for name in PROFILE_COLUMNS
        )
        inserted = False
        if not repeats_latest:
            inserted = self.connection.execute(
                _insert(self.connection, SNAPSHOTS).on_conflict_do_nothing().returning(SNAPSHOTS.c.id),
                {"creator_id": creator_id, "captured_at": captured_at, "source": source, **stats},
            ).first() is not None
            self.report.profile_snapshots += inserted
        newer = (CREATORS.c.stats_captured_at.is_(None)) | (CREATORS.c.stats_captured_at < captured_at)
        self.connection.execute(
            update(CREATORS)
            .where(CREATORS.c.id == creator_id, newer)
            .values(stats_captured_at=captured_at, **{k: v for k, v in stats.items() if v is not None})
        )
        return inserted

    def _sound_ids(self, sounds: list[SoundRecord]) -> dict[tuple[str | None, str | None, str | None], int]:
        """Maps each sound's key (id, title, author) to its row id, inserting what is new."""
        with_id = {s.tiktok_id: s for s in sounds if s.tiktok_id}
        by_title = {(s.title, s.author): s for s in sounds if not s.tiktok_id and s.title}
        ids: dict[tuple[str | None, str | None, str | None], int] = {}
        if with_id:
            rows = [
                {"tiktok_id": s.tiktok_id, "title": s.title, "author": s.author, "original": s.original}
                for s in with_id.values()
            ]
            self.connection.execute(_insert(self.connection, SOUNDS).on_conflict_do_nothing(), rows)
            known: dict[str, int] = {}
            for chunk in _chunks(list(with_id)):
                known.update(
                    self.connection.execute(
                        select(SOUNDS.c.tiktok_id, SOUNDS.c.id).where(SOUNDS.c.tiktok_id.in_(chunk))
                    ).all()
                )
            for sound_id, sound in with_id.items():
                ids[(sound_id, None, None)] = known[sound_id]
        if by_title:
            found: dict[tuple[str | None, str | None], int] = {}
            keys = list(by_title)
            for chunk in _chunks(keys, 400):
                rows = self.connection.execute(
                    select(SOUNDS.c.title, SOUNDS.c.author, SOUNDS.c.id).where(
                        SOUNDS.c.tiktok_id.is_(None),
                        tuple_(SOUNDS.c.title, SOUNDS.c.author).in_([(t, a) for t, a in chunk if a is not None])
                        | (SOUNDS.c.title.in_([t for t, a in chunk if a is None]) & SOUNDS.c.author.is_(None)),
                    )
                )
                for title, author, row_id in rows:
                    found.setdefault((title, author), row_id)
            missing = [k for k in keys if k not in found]
            if missing:
                inserted = self.connection.execute(
                    SOUNDS.insert().returning(SOUNDS.c.title, SOUNDS.c.author, SOUNDS.c.id),
                    [
                        {"title": t, "author": a, "original": by_title[(t, a)].original}
                        for t, a in missing
                    ],
                )
                for title, author, row_id in inserted:
                    found[(title, author)] = row_id
            for (title, author), row_id in found.items():
                ids[(None, title, author)] = row_id
        return ids

    def _hashtag_ids(self, names: set[str]) -> dict[str, int]:
        if not names:
            return {}
        ordered = sorted(names)
        self.connection.execute(
            _insert(self.connection, HASHTAGS).on_conflict_do_nothing(), [{"name": n} for n in ordered]
        )
        ids: dict[str, int] = {}
        for chunk in _chunks(ordered):
            ids.update(self.connection.execute(select(HASHTAGS.c.name, HASHTAGS.c.id).where(HASHTAGS.c.name.in_(chunk))).all())
        return ids

    def _existing_videos(self, tiktok_ids: list[str]) -> dict[str, Any]:
        columns = (
            VIDEOS.c.id,
            VIDEOS.c.tiktok_id,
            VIDEOS.c.creator_id,
            VIDEOS.c.sound_id,
            VIDEOS.c.stats_captured_at,
            *(VIDEOS.c[name] for name in VIDEO_FIELDS),
            *(VIDEOS.c[name] for name in STAT_COLUMNS),
        )
        found: dict[str, Any] = {}
        for chunk in _chunks(tiktok_ids):
            for row in self.connection.execute(select(*columns).where(VIDEOS.c.tiktok_id.in_(chunk))):
                found[row.tiktok_id] = row
        return found

    def _write_videos(
        self,
        obs: Observation,
        creator_id: int,
        sound_ids: dict[tuple[str | None, str | None, str | None], int],
        hashtag_ids: dict[str, int],
    ) -> None:
        if not obs.videos:
            return
        videos = {v.tiktok_id: v for v in obs.videos}
        existing = self._existing_videos(list(videos))
        new_rows = [
            self._video_row(v, creator_id, obs.captured_at, sound_ids)
            for tid, v in videos.items()
            if tid not in existing
        ]
        video_ids: dict[str, int] = {tid: row.id for tid, row in existing.items()}
        link_videos: list[str] = []
        if new_rows:
            inserted = self.connection.execute(
                _insert(self.connection, VIDEOS)
                .on_conflict_do_nothing(index_elements=["tiktok_id"])
                .returning(VIDEOS.c.tiktok_id, VIDEOS.c.id),
                new_rows,
            ).all()
            for tid, row_id in inserted:
                video_ids[tid] = row_id
                link_videos.append(tid)
            self.report.videos_added += len(inserted)
            raced = [row["tiktok_id"] for row in new_rows if row["tiktok_id"] not in video_ids]
            if raced:
                # Another process inserted these between our read and our insert: treat as existing.
                existing.update(self._existing_videos(raced))
                video_ids.update({tid: existing[tid].id for tid in raced})

        snapshots: list[dict[str, Any]] = []
        metadata_updates: list[dict[str, Any]] = []
        stats_updates: list[dict[str, Any]] = []
        for tid, record in videos.items():
            stats = dict(zip(STAT_COLUMNS, record.stats.as_tuple(), strict=True))
            row = existing.get(tid)
            if row is None:
                if not record.stats.is_empty:
                    snapshots.append({"video_id": video_ids[tid], **stats})
                continue
            changes = self._metadata_changes(row, record, sound_ids)
            if "caption" in changes and record.hashtags:
                link_videos.append(tid)
            if changes:
                metadata_updates.append({"b_id": row.id, **changes})
            new_stats = not record.stats.is_empty and any(
                getattr(row, name) != value for name, value in stats.items()
            )
            is_newer = row.stats_captured_at is None or row.stats_captured_at < obs.captured_at
            if new_stats:
                snapshots.append({"video_id": row.id, **stats})
            if not record.stats.is_empty and is_newer:
                stats_updates.append({"b_id": row.id, "b_at": obs.captured_at, **stats})
            if changes or new_stats:
                self.report.videos_updated += 1
            else:
                self.report.videos_unchanged += 1

        if snapshots:
            written = self.connection.execute(
                _insert(self.connection, VIDEO_STATS).on_conflict_do_nothing().returning(VIDEO_STATS.c.id),
                [{**s, "captured_at": obs.captured_at, "source": obs.source} for s in snapshots],
            ).all()
            self.report.video_snapshots += len(written)
        self._update_rows(metadata_updates, (*VIDEO_FIELDS, "sound_id"))
        if stats_updates:
            self.connection.execute(
                update(VIDEOS)
                .where(VIDEOS.c.id == bindparam("b_id"))
                .values(stats_captured_at=bindparam("b_at"), **{n: bindparam(n) for n in STAT_COLUMNS}),
                stats_updates,
            )
        links = [
            {"video_id": video_ids[tid], "hashtag_id": hashtag_ids[tag]}
            for tid in dict.fromkeys(link_videos)
            for tag in videos[tid].hashtags
        ]
        if links:
            self.connection.execute(_insert(self.connection, VIDEO_HASHTAGS).on_conflict_do_nothing(), links)

    def _update_rows(self, updates: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
        # Rows differ in which columns changed; group them so each group is one executemany.
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for item in updates:
            keys = tuple(sorted(k for k in item if k != "b_id" and k in columns))
            groups.setdefault(keys, []).append(item)
        for keys, rows in groups.items():
            self.connection.execute(
                update(VIDEOS).where(VIDEOS.c.id == bindparam("b_id")).values(**{k: bindparam(k) for k in keys}),
                rows,
            )

    @staticmethod
    def _sound_key(sound: SoundRecord) -> tuple[str | None, str | None, str | None]:
        if sound.tiktok_id:
            return (sound.tiktok_id, None, None)
        return (None, sound.title, sound.author)

    def _sound_id(self, record: VideoRecord, sound_ids: dict[tuple[str | None, str | None, str | None], int]) -> int | None:
        if record.sound is None or record.sound.is_empty:
            return None
        return sound_ids.get(self._sound_key(record.sound))

    def _metadata_changes(
        self, row: Any, record: VideoRecord, sound_ids: dict[tuple[str | None, str | None, str | None], int]
    ) -> dict[str, Any]:
        changes = {
            name: getattr(record, name)
            for name in VIDEO_FIELDS
            if getattr(record, name) is not None and getattr(row, name) != getattr(record, name)
        }
        sound_id = self._sound_id(record, sound_ids)
        if sound_id is not None and sound_id != row.sound_id:
            changes["sound_id"] = sound_id
        return changes

    def _video_row(
        self,
        record: VideoRecord,
        creator_id: int,
        captured_at: datetime,
        sound_ids: dict[tuple[str | None, str | None, str | None], int],
    ) -> dict[str, Any]:
        has_stats = not record.stats.is_empty
        return {
            "tiktok_id": record.tiktok_id,
            "creator_id": creator_id,
            "posted_at": record.posted_at,
            "sound_id": self._sound_id(record, sound_ids),
            **{name: getattr(record, name) for name in VIDEO_FIELDS},
            **dict(zip(STAT_COLUMNS, record.stats.as_tuple(), strict=True)),
            "stats_captured_at": captured_at if has_stats else None,
            "first_seen_at": captured_at,
        }
