"""The one idempotent path from normalized records into the database (every public-data write;
``files`` imports export files through it).

Observations are written in batches with bulk statements: a handful of round trips per batch, never
one per row. By default each batch is its own transaction; ``atomic=True`` (an imported file) writes
every batch in one transaction, so that a file the database refuses halfway writes nothing. On
PostgreSQL, transaction-scoped advisory locks on each creator's keys serialize two processes that
ingest the same creator at the same time; an atomic ingest takes all of its locks first, in one
sorted order, so that two of them cannot deadlock. Every transaction logs the creators whose data it
changed (``changes``), which is how re-analysis knows what is new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from sqlalchemy import Connection, Engine

from compass.ingest.catalog import hashtag_ids, sound_ids
from compass.ingest.changes import join_writers, record_changes
from compass.ingest.creators import CreatorWriter
from compass.ingest.report import IngestReport
from compass.ingest.sql import lock_keys
from compass.ingest.videos import VideoWriter
from compass.records import Observation

__all__ = ["IngestReport", "ingest"]


def ingest(
    engine: Engine,
    observations: Iterable[Observation],
    *,
    batch_videos: int = 5000,
    demo: bool = False,
    atomic: bool = False,
    written: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Writes observations; returns what was added, updated and left unchanged. An atomic ingest tells
    ``written`` after each batch how far it is: (creators and videos written, of how many)."""
    report = IngestReport()
    if atomic:
        everything = list(observations)
        total = sum(map(_size, everything))
        done = 0
        with engine.begin() as connection:
            join_writers(connection)
            lock_keys(connection, _lock_names(everything))
            for batch in _batches(everything, batch_videos):
                _write(connection, batch, report, demo)
                done += sum(map(_size, batch))
                if written is not None:
                    written(done, total)
        return report
    for batch in _batches(observations, batch_videos):
        with engine.begin() as connection:
            join_writers(connection)
            lock_keys(connection, _lock_names(batch))
            _write(connection, batch, report, demo)
    return report


def _write(connection: Connection, batch: list[Observation], report: IngestReport, demo: bool) -> None:
    creators = CreatorWriter(connection, report, demo)
    creator_ids = creators.write(batch)
    sounds = sound_ids(connection, [v.sound for obs in batch for v in obs.videos if v.sound])
    tags = hashtag_ids(connection, {tag for obs in batch for v in obs.videos for tag in v.hashtags})
    videos = VideoWriter(connection, report, sounds, tags)
    videos.write(batch, creator_ids)
    record_changes(connection, creators.changed | videos.changed)


def _batches(observations: Iterable[Observation], batch_videos: int) -> Iterator[list[Observation]]:
    batch: list[Observation] = []
    size = 0
    for observation in observations:
        batch.append(observation)
        size += _size(observation)
        if size >= batch_videos:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _size(observation: Observation) -> int:
    """What an observation weighs in a batch: its videos and its creator."""
    return len(observation.videos) + 1


def _lock_names(batch: list[Observation]) -> set[str]:
    """Every key two writers could both create a row for: creators' handles and ids, id-less sounds."""
    names: set[str] = set()
    for obs in batch:
        names.add("handle:" + obs.creator.handle)
        if obs.creator.tiktok_id:
            names.add("creator:" + obs.creator.tiktok_id)
        for video in obs.videos:
            if video.sound and not video.sound.tiktok_id and video.sound.title:
                names.add(f"sound:{video.sound.title}|{video.sound.author}")
    return names
