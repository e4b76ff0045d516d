"""Each niche's loaded tables, kept in this process between its analyses, so that after a scrape of one
creator the next analysis reads that creator's rows alone instead of the whole niche.

What the kept tables hold is named by marks taken before they were read, as a digest's basis does: the
highest video snapshot, profile snapshot and video ids then. Rows are only ever added with higher ids
(``reanalysis.basis``), so a creator with rows above the marks has new data; the kept rows of those
creators, and of members who left, are dropped and the changed creators' read again. The first analysis
of a niche in a process, or one after the marks went backwards (a restored database), reads everything;
whoever empties a database under a running process (the tests do) calls ``forget``. A kept niche's
tables are replaced, never changed, so an analysis holding them is never disturbed.

    refresh = refresh_tables(engine, niche_id)   # current, and kept for the next call
    frame = refresh.tables.frame()                # refresh.reread: creators read (None: all of them)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select, union

from compass.models import ProfileSnapshot, Video, VideoStatSnapshot
from compass.reanalysis.basis import Marks, marks_now
from compass.reanalysis.load import NicheTables, Selection, load_tables

# Niches whose tables a process keeps, the most recently analysed: 205 bytes per video, about 120 MB
# for a niche of 600k videos.
KEPT_NICHES = 2


@dataclass(frozen=True)
class Kept:
    tables: NicheTables
    members: frozenset[int]
    marks: Marks


@dataclass(frozen=True)
class Refresh:
    """How a niche's tables were made current: ``reread`` creators read again (None: the whole niche)."""

    tables: NicheTables
    reread: int | None


_kept: OrderedDict[tuple[str, int], Kept] = OrderedDict()  # by (database URL, niche id)
_lock = threading.Lock()


def _members(connection: Connection, niche_id: int) -> frozenset[int]:
    rows = connection.execute(Selection(niche_id=niche_id).creator_ids())
    return frozenset(int(creator_id) for (creator_id,) in rows)


def _changed(connection: Connection, members: frozenset[int], since: Marks) -> set[int]:
    """The members with a video, video snapshot or profile snapshot above the marks: through the primary
    keys, so milliseconds whatever the niche's size."""
    newer_snapshots = (
        select(Video.creator_id)
        .join(VideoStatSnapshot, VideoStatSnapshot.video_id == Video.id)
        .where(VideoStatSnapshot.id > since.video_snapshot)
    )
    newer_videos = select(Video.creator_id).where(Video.id > since.video)
    newer_profiles = select(ProfileSnapshot.creator_id).where(ProfileSnapshot.id > since.profile_snapshot)
    rows = connection.execute(union(newer_snapshots, newer_videos, newer_profiles))
    return {int(creator_id) for (creator_id,) in rows} & members


def refresh_tables(engine: Engine, niche_id: int) -> Refresh:
    """The niche's tables as a full read would give them now, from the kept ones where this process has
    them; kept for the next call."""
    key = (engine.url.render_as_string(), niche_id)
    with engine.connect() as connection:
        marks = marks_now(connection)  # before reading: data landing meanwhile is newer than them
        members = _members(connection, niche_id)
        with _lock:
            kept = _kept.get(key)
        if kept is not None and kept.marks <= marks:
            reread = _changed(connection, members, kept.marks) | (members - kept.members)
        else:
            kept = None
    if kept is None:
        tables = load_tables(engine, Selection(niche_id=niche_id))
        refresh = Refresh(tables, None)
    else:
        changed = Selection(ids=tuple(sorted(reread)))
        with ThreadPoolExecutor(max_workers=1) as reader:  # the read waits on the database, not the GIL
            fresh = reader.submit(load_tables, engine, changed) if reread else None
            tables = kept.tables.without(reread | (kept.members - members))
            if fresh is not None:
                tables = tables.plus(fresh.result())
        refresh = Refresh(tables, len(reread))
    with _lock:
        _kept[key] = Kept(tables, members, marks)
        _kept.move_to_end(key)
        while len(_kept) > KEPT_NICHES:
            _kept.popitem(last=False)
    return refresh


def forget() -> None:
    """Drops every kept table: the next analysis of each niche reads everything."""
    with _lock:
        _kept.clear()
