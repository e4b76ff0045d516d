"""Creators of a batch: matched by TikTok id, then sec_uid, then handle, and written in bulk.

A renamed handle stays the same creator (the TikTok id decides). A creator first known only by
handle is adopted when its TikTok id appears. Profile stats become a snapshot when they differ from
the latest known ones; the latest are also kept on the creator row for fast aggregates.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from compass.ingest.report import IngestReport
from compass.ingest.sql import CREATORS, SNAPSHOTS, among, bulk_insert, update_by_id
from compass.records import CreatorRecord, Observation

PROFILE_COLUMNS = ("followers", "following", "likes", "video_count")
CREATOR_FIELDS = ("nickname", "bio", "verified", "private", "avatar_url")
LOADED_COLUMNS = (
    "id",
    "tiktok_id",
    "sec_uid",
    "handle",
    "last_seen_at",
    "stats_captured_at",
    *CREATOR_FIELDS,
    *PROFILE_COLUMNS,
)


class CreatorWriter:
    def __init__(self, connection: Connection, report: IngestReport, demo: bool) -> None:
        self.connection = connection
        self.report = report
        self.demo = demo
        self.by_tiktok_id: dict[str, dict[str, Any]] = {}
        self.by_sec_uid: dict[str, dict[str, Any]] = {}
        self.by_handle: dict[str, list[dict[str, Any]]] = {}
        self.loaded: dict[int, dict[str, Any]] = {}
        self.original: dict[int, dict[str, Any]] = {}
        self.new_rows: list[dict[str, Any]] = []
        self.snapshots: list[tuple[dict[str, Any], dict[str, Any]]] = []
        self.changed: set[int] = set()  # creators whose stored data this write changed

    def write(self, observations: list[Observation]) -> list[int]:
        """Returns the creator row id of each observation, in order."""
        self._preload([obs.creator for obs in observations])
        rows = [self._apply(obs) for obs in observations]
        self._flush()
        return [int(row["id"]) for row in rows]

    def _remember(self, row: dict[str, Any]) -> None:
        if row["tiktok_id"]:
            self.by_tiktok_id[row["tiktok_id"]] = row
        if row["sec_uid"]:
            self.by_sec_uid[row["sec_uid"]] = row
        self.by_handle.setdefault(row["handle"], []).append(row)

    def _preload(self, records: list[CreatorRecord]) -> None:
        columns = [CREATORS.c[name] for name in LOADED_COLUMNS]
        keys = [
            ("tiktok_id", sorted({r.tiktok_id for r in records if r.tiktok_id})),
            ("sec_uid", sorted({r.sec_uid for r in records if r.sec_uid})),
            ("handle", sorted({r.handle for r in records})),
        ]
        seen: set[int] = set()
        for column, values in keys:
            for clause in among(self.connection, CREATORS.c[column], values):
                for found in self.connection.execute(select(*columns).where(clause)):
                    if found.id not in seen:
                        seen.add(found.id)
                        row = found._asdict()
                        self.loaded[row["id"]] = row
                        self.original[row["id"]] = dict(row)
                        self._remember(row)

    def _find(self, record: CreatorRecord) -> dict[str, Any] | None:
        if record.tiktok_id and record.tiktok_id in self.by_tiktok_id:
            return self.by_tiktok_id[record.tiktok_id]
        if record.sec_uid and record.sec_uid in self.by_sec_uid:
            return self.by_sec_uid[record.sec_uid]
        candidates = self.by_handle.get(record.handle, [])
        if record.tiktok_id:
            # A handle-only creator is adopted; one with another TikTok id is a different account.
            candidates = [c for c in candidates if not c["tiktok_id"]]
        return max(candidates, key=lambda c: c["last_seen_at"], default=None)

    def _apply(self, obs: Observation) -> dict[str, Any]:
        record = obs.creator
        row = self._find(record)
        if row is None:
            row = {name: None for name in LOADED_COLUMNS}
            row.update(
                handle=record.handle,
                tiktok_id=record.tiktok_id,
                sec_uid=record.sec_uid,
                last_seen_at=obs.captured_at,
            )
            self.new_rows.append(row)
            self._remember(row)
        else:
            if record.tiktok_id and not row["tiktok_id"]:
                row["tiktok_id"] = record.tiktok_id
                self.by_tiktok_id[record.tiktok_id] = row
            if record.sec_uid and not row["sec_uid"]:
                row["sec_uid"] = record.sec_uid
                self.by_sec_uid[record.sec_uid] = row
            # Only a source that knows the account's id can tell a rename from a different account.
            if record.handle != row["handle"] and (record.tiktok_id or record.sec_uid):
                row["handle"] = record.handle
                self.by_handle.setdefault(record.handle, []).append(row)
            row["last_seen_at"] = max(row["last_seen_at"], obs.captured_at)
        for name in CREATOR_FIELDS:
            if getattr(record, name) is not None:
                row[name] = getattr(record, name)
        self._apply_stats(row, obs)
        return row

    def _apply_stats(self, row: dict[str, Any], obs: Observation) -> None:
        """A snapshot when the counts changed, and for every scrape (its coverage is recorded)."""
        record, captured_at = obs.creator, obs.captured_at
        if record.stats.is_empty:
            return
        stats = {name: getattr(record.stats, name) for name in PROFILE_COLUMNS}
        if obs.collected is not None or any(row[name] != value for name, value in stats.items()):
            self.snapshots.append(
                (
                    row,
                    {
                        "captured_at": captured_at,
                        "source": obs.source,
                        "videos_collected": obs.collected,
                        **stats,
                    },
                )
            )
        if row["stats_captured_at"] is None or row["stats_captured_at"] <= captured_at:
            row["stats_captured_at"] = captured_at
            row.update({name: value for name, value in stats.items() if value is not None})

    def _flush(self) -> None:
        if self.new_rows:
            inserted = (
                self.connection.execute(
                    CREATORS.insert().returning(CREATORS.c.id, sort_by_parameter_order=True),
                    [
                        {
                            **{k: v for k, v in row.items() if k != "id"},
                            "is_demo": self.demo,
                            "first_seen_at": row["last_seen_at"],
                        }
                        for row in self.new_rows
                    ],
                )
                .scalars()
                .all()
            )
            for row, row_id in zip(self.new_rows, inserted, strict=True):
                row["id"] = row_id
            self.report.creators_added += len(self.new_rows)
            self.changed.update(inserted)

        changed_ids: set[int] = set()
        updates: list[dict[str, Any]] = []
        for row_id, before in self.original.items():
            row = self.loaded[row_id]
            changes = {k: v for k, v in row.items() if k != "id" and before[k] != v}
            if changes:
                updates.append({"b_id": row_id, **changes})
                if set(changes) - {"last_seen_at", "stats_captured_at"}:
                    changed_ids.add(row_id)
                if set(changes) - {"last_seen_at"}:
                    self.changed.add(row_id)
        update_by_id(self.connection, CREATORS, updates)

        if self.snapshots:
            written = [
                row[0]
                for row in bulk_insert(
                    self.connection,
                    SNAPSHOTS,
                    [{"creator_id": row["id"], **values} for row, values in self.snapshots],
                    ["creator_id"],
                    conflict_columns=["creator_id", "captured_at"],
                    merge_columns=(*PROFILE_COLUMNS, "videos_collected"),
                )
            ]
            self.report.profile_snapshots += len(written)
            self.changed.update(written)
            changed_ids.update(row_id for row_id in written if row_id in self.original)
        self.report.creators_updated += len(changed_ids)
