"""Each niche's frame, kept in this process between its analyses, so that after a scrape of one creator
the next analysis reads that creator's rows alone instead of the whole niche.

What a kept frame holds is named by the change mark taken before it was read, as a digest's basis does
(``ingest.changes``): a member with a change above the mark has new data; the kept rows of those
creators, and of members who left, are replaced by the changed creators' rows read again
(``splice``). The first analysis of a niche in a process, one after the mark went backwards (a
restored database), or one after over a third of its members changed reads everything; whoever
empties a database under a running process (the tests do) calls ``forget``. A kept frame is replaced,
never changed, so an analysis holding it is never disturbed.

    refresh = refresh_frame(engine, niche_id)   # current, and kept for the next call
    refresh.frame                                # refresh.reread: creators read (None: all of them)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from compass.analytics.frame import NicheFrame
from compass.ingest.changes import change_mark, changed_since
from compass.reanalysis.load import Selection, load_frame
from compass.reanalysis.splice import splice

# Niches whose frames a process keeps, the most recently analysed: 173 bytes per video, about 104 MB for
# a niche of 600k videos.
KEPT_NICHES = 2
# The share of a niche's members read again beyond which the whole niche is read instead (after a large
# import): at 600k videos, a tenth of the creators read again and spliced in took 1.4 s, a quarter 2.4 s,
# half 4.9 s, and the whole niche 4.1 s.
REREAD_AT_MOST = 1 / 3


@dataclass(frozen=True)
class Kept:
    frame: NicheFrame
    members: frozenset[int]
    mark: int


@dataclass(frozen=True)
class Refresh:
    """How a niche's frame was made current: ``reread`` creators read again (None: the whole niche)."""

    frame: NicheFrame
    reread: int | None


_kept: OrderedDict[tuple[str, int], Kept] = OrderedDict()  # by (database URL, niche id)
_lock = threading.Lock()


def _members(connection: Connection, niche_id: int) -> frozenset[int]:
    rows = connection.execute(Selection(niche_id=niche_id).creator_ids())
    return frozenset(int(creator_id) for (creator_id,) in rows)


def refresh_frame(engine: Engine, niche_id: int) -> Refresh:
    """The niche's frame as a full read would give it now, from the kept one where this process has it;
    kept for the next call."""
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
            if len(reread) > len(members) * REREAD_AT_MOST:
                kept = None
        else:
            kept = None
    if kept is None:
        refresh = Refresh(load_frame(engine, Selection(niche_id=niche_id)), None)
    else:
        departed = kept.members - members
        fresh = load_frame(engine, Selection(ids=tuple(sorted(reread)))) if reread else None
        frame = splice(kept.frame, reread | departed, fresh) if reread or departed else kept.frame
        refresh = Refresh(frame, len(reread))
    with _lock:
        _kept[key] = Kept(refresh.frame, members, mark)
        _kept.move_to_end(key)
        while len(_kept) > KEPT_NICHES:
            _kept.popitem(last=False)
    return refresh


def forget() -> None:
    """Drops every kept frame: the next analysis of each niche reads everything."""
    with _lock:
        _kept.clear()
