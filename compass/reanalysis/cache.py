"""Each niche's loaded tables, kept in this process between its analyses, so that after a scrape of one
creator the next analysis reads that creator's rows alone instead of the whole niche.

What the kept tables hold is named by the change mark taken before they were read, as a digest's basis
does (``ingest.changes``): a member with a change above the mark has new data; the kept rows of those
creators, and of members who left, are dropped and the changed creators' read again. The first analysis
of a niche in a process, or one after the mark went backwards (a restored database), reads everything;
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

from sqlalchemy import Connection, Engine

from compass.ingest.changes import change_mark, changed_since
from compass.reanalysis.load import NicheTables, Selection, load_tables

# Niches whose tables a process keeps, the most recently analysed: 205 bytes per video, about 120 MB
# for a niche of 600k videos.
KEPT_NICHES = 2


@dataclass(frozen=True)
class Kept:
    tables: NicheTables
    members: frozenset[int]
    mark: int


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


def refresh_tables(engine: Engine, niche_id: int) -> Refresh:
    """The niche's tables as a full read would give them now, from the kept ones where this process has
    them; kept for the next call."""
    key = (engine.url.render_as_string(), niche_id)
    with engine.connect() as connection:
        mark = change_mark(connection)  # before reading: data landing meanwhile is newer than it
        members = _members(connection, niche_id)
        with _lock:
            kept = _kept.get(key)
        if kept is not None and kept.mark <= mark:
            changes = changed_since(kept.mark, Selection(niche_id=niche_id).creator_ids())
            changed = {int(creator_id) for (creator_id,) in connection.execute(changes)}
            reread = changed | (members - kept.members)
        else:
            kept = None
    if kept is None:
        tables = load_tables(engine, Selection(niche_id=niche_id))
        refresh = Refresh(tables, None)
    else:
        rereading = Selection(ids=tuple(sorted(reread)))
        with ThreadPoolExecutor(max_workers=1) as reader:  # the read waits on the database, not the GIL
            fresh = reader.submit(load_tables, engine, rereading) if reread else None
            tables = kept.tables.without(reread | (kept.members - members))
            if fresh is not None:
                tables = tables.plus(fresh.result())
        refresh = Refresh(tables, len(reread))
    with _lock:
        _kept[key] = Kept(tables, members, mark)
        _kept.move_to_end(key)
        while len(_kept) > KEPT_NICHES:
            _kept.popitem(last=False)
    return refresh


def forget() -> None:
    """Drops every kept table: the next analysis of each niche reads everything."""
    with _lock:
        _kept.clear()
