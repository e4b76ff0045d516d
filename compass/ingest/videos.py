"""Videos of a batch: inserted once, their stats kept as snapshots, all in bulk statements.

The same video seen again is one video; each set of stats it shows that differs from the latest
known one becomes a snapshot. The latest stats are also kept on the video row, for fast aggregates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from compass.ingest.catalog import SoundKey, sound_key
from compass.ingest.report import IngestReport
from compass.ingest.sql import (
    VIDEO_HASHTAGS,
    VIDEO_STATS,
    VIDEOS,
    among,
    bulk_insert,
    bulk_write,
    update_by_id,
)
from compass.records import Observation, VideoRecord

STAT_COLUMNS = ("views", "likes", "comments", "shares", "saves")
VIDEO_FIELDS = ("caption", "duration_s", "is_pinned", "is_ad", "is_photo", "cover_url")
LOADED_COLUMNS = (
    "id",
    "tiktok_id",
    "creator_id",
    "sound_id",
    "stats_captured_at",
    *VIDEO_FIELDS,
    *STAT_COLUMNS,
)


@dataclass(frozen=True)
class Sighting:
    record: VideoRecord
    creator_id: int
    captured_at: datetime
    source: str


class VideoWriter:
    def __init__(
        self,
        connection: Connection,
        report: IngestReport,
        sound_ids: dict[SoundKey, int],
        hashtag_ids: dict[str, int],
    ) -> None:
        self.connection = connection
        self.report = report
        self.sound_ids = sound_ids
        self.hashtag_ids = hashtag_ids
        self.changed: set[int] = set()  # creators whose stored videos this write changed

    def write(self, observations: list[Observation], creator_ids: list[int]) -> None:
        sightings: dict[str, list[Sighting]] = {}
        for obs, creator_id in zip(observations, creator_ids, strict=True):
            for record in obs.videos:
                sightings.setdefault(record.tiktok_id, []).append(
                    Sighting(record, creator_id, obs.captured_at, obs.source)
                )
        if not sightings:
            return
        for seen in sightings.values():
            seen.sort(key=lambda s: s.captured_at)
        existing = self._preload(list(sightings))
        new_ids = self._insert_new({tid: seen for tid, seen in sightings.items() if tid not in existing})
        rows = {**existing, **new_ids}

        snapshots: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        relink: list[str] = list(new_ids)
        for tid, seen in sightings.items():
            row = rows[tid]
            is_new = tid in new_ids
            before = {name: None if is_new else row[name] for name in STAT_COLUMNS}
            wrote_snapshot = False
            for sighting in seen:
                stats = dict(zip(STAT_COLUMNS, sighting.record.stats.as_tuple(), strict=True))
                if sighting.record.stats.is_empty or stats == before:
                    continue
                snapshots.append(
                    {
                        "video_id": row["id"],
                        "captured_at": sighting.captured_at,
                        "source": sighting.source,
                        **stats,
                    }
                )
                before = stats
                wrote_snapshot = True
            if is_new:
                self.changed.add(seen[0].creator_id)
                continue
            changes = self._changes(row, seen)
            if changes or wrote_snapshot:
                self.changed.add(row["creator_id"])
            if "caption" in changes and seen[-1].record.hashtags:
                relink.append(tid)
            if changes:
                updates.append({"b_id": row["id"], **changes})
            content_changed = bool(set(changes) - {"stats_captured_at", *STAT_COLUMNS})
            if content_changed or wrote_snapshot:
                self.report.videos_updated += 1
            else:
                self.report.videos_unchanged += 1

        if snapshots:
            self.report.video_snapshots += bulk_write(
                self.connection,
                VIDEO_STATS,
                snapshots,
                conflict_columns=["video_id", "captured_at"],
                merge_columns=STAT_COLUMNS,
            )
        update_by_id(self.connection, VIDEOS, updates)
        links = [
            {"video_id": rows[tid]["id"], "hashtag_id": self.hashtag_ids[tag]}
            for tid in relink
            for tag in sightings[tid][-1].record.hashtags
        ]
        bulk_write(self.connection, VIDEO_HASHTAGS, links)

    def _preload(self, tiktok_ids: list[str]) -> dict[str, dict[str, Any]]:
        columns = [VIDEOS.c[name] for name in LOADED_COLUMNS]
        found: dict[str, dict[str, Any]] = {}
        for clause in among(self.connection, VIDEOS.c.tiktok_id, tiktok_ids):
            for row in self.connection.execute(select(*columns).where(clause)):
                found[row.tiktok_id] = row._asdict()
        return found

    def _sound_id(self, record: VideoRecord) -> int | None:
        if record.sound is None or record.sound.is_empty:
            return None
        return self.sound_ids.get(sound_key(record.sound))

    def _insert_new(self, new: dict[str, list[Sighting]]) -> dict[str, dict[str, Any]]:
        if not new:
            return {}
        rows = []
        for seen in new.values():
            first, latest = seen[0], seen[-1]
            with_stats = [s for s in seen if not s.record.stats.is_empty]
            stats = with_stats[-1] if with_stats else None
            rows.append(
                {
                    "tiktok_id": latest.record.tiktok_id,
                    "creator_id": first.creator_id,
                    "posted_at": latest.record.posted_at,
                    "sound_id": self._sound_id(latest.record),
                    **{name: getattr(latest.record, name) for name in VIDEO_FIELDS},
                    **dict(
                        zip(
                            STAT_COLUMNS, stats.record.stats.as_tuple() if stats else (None,) * 5, strict=True
                        )
                    ),
                    "stats_captured_at": stats.captured_at if stats else None,
                    "first_seen_at": first.captured_at,
                }
            )
        inserted = bulk_insert(
            self.connection, VIDEOS, rows, ["tiktok_id", "id"], conflict_columns=["tiktok_id"]
        )
        self.report.videos_added += len(inserted)
        added = {tid: {"id": row_id} for tid, row_id in inserted}
        raced = [tid for tid in new if tid not in added]
        if raced:
            # Another process inserted these between our read and our insert: use its rows. Our stats
            # still land as snapshots below (one per capture time, whoever writes it first).
            added.update({tid: {"id": row["id"]} for tid, row in self._preload(raced).items()})
        return added

    def _changes(self, row: dict[str, Any], seen: list[Sighting]) -> dict[str, Any]:
        latest = seen[-1].record
        changes = {
            name: getattr(latest, name)
            for name in VIDEO_FIELDS
            if getattr(latest, name) is not None and row[name] != getattr(latest, name)
        }
        sound_id = self._sound_id(latest)
        if sound_id is not None and sound_id != row["sound_id"]:
            changes["sound_id"] = sound_id
        with_stats = [s for s in seen if not s.record.stats.is_empty]
        if with_stats and (
            row["stats_captured_at"] is None or row["stats_captured_at"] <= with_stats[-1].captured_at
        ):
            newest = with_stats[-1]
            changes["stats_captured_at"] = newest.captured_at
            changes.update(zip(STAT_COLUMNS, newest.record.stats.as_tuple(), strict=True))
        return changes
