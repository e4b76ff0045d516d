"""Which creators' stored data changed, and since when: the log re-analysis reads instead of the data.

Every ingest transaction adds one row per creator whose data it changed (a creator row beyond when it
was last seen, a profile or video snapshot written or merged, a video added or edited, its hashtags
linked again), and takes nothing away. A reader keeps the highest id it has seen, its mark; a creator
with a row above the mark has changed since, through the primary key: milliseconds at any size.

A PostgreSQL sequence hands out ids in the order rows are written, not the order they are committed: an
import that took id 100 and commits after a scrape that took id 101 would land below a mark of 101 read
in between, and never count as changed. So every ingest transaction holds one advisory lock shared
(``join_writers``), and the mark is read holding it alone (``change_mark``): with no writer in flight,
every id up to the highest visible one is committed, and every later row gets a higher id. SQLite needs
no lock: one writer at a time, its ids the highest committed plus one.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Connection, Select, Table, func, insert, select

from compass.models import CreatorChange

CHANGES: Table = CreatorChange.__table__  # type: ignore[assignment]

# The two-key form: its keys never meet ``sql.lock_keys``' single 64-bit ones, nor the migrations' lock.
_WRITES_LOCK = "7412201, 2"


def join_writers(connection: Connection) -> None:
    """Counts this transaction among the writers until it ends: a mark waits for it to commit."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock_shared({_WRITES_LOCK})")


def record_changes(connection: Connection, creator_ids: Collection[int]) -> None:
    if creator_ids:
        connection.execute(insert(CHANGES), [{"creator_id": c} for c in sorted(creator_ids)])


def change_mark(connection: Connection) -> int:
    """The highest change id once no ingest is in flight. ``connection``'s transaction keeps new writers
    waiting until it ends: keep it short."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_WRITES_LOCK})")
    return int(connection.execute(select(func.coalesce(func.max(CHANGES.c.id), 0))).scalar_one())


def changed_since(mark: int, creators: Select[Any]) -> Select[Any]:
    """Those of ``creators`` (a query of creator ids) with a change above ``mark``, once per change."""
    return select(CHANGES.c.creator_id).where(CHANGES.c.id > mark, CHANGES.c.creator_id.in_(creators))
