"""Statements shared by the ingest writers: tables, dialect-aware upserts, chunked IN lists, locks."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, CursorResult, Table, any_, bindparam, func, text, update
from sqlalchemy.dialects import postgresql, sqlite

from compass.models import Creator, Hashtag, ProfileSnapshot, Sound, Video, VideoHashtag, VideoStatSnapshot

CREATORS: Table = Creator.__table__  # type: ignore[assignment]
SNAPSHOTS: Table = ProfileSnapshot.__table__  # type: ignore[assignment]
SOUNDS: Table = Sound.__table__  # type: ignore[assignment]
VIDEOS: Table = Video.__table__  # type: ignore[assignment]
VIDEO_STATS: Table = VideoStatSnapshot.__table__  # type: ignore[assignment]
HASHTAGS: Table = Hashtag.__table__  # type: ignore[assignment]
VIDEO_HASHTAGS: Table = VideoHashtag.__table__  # type: ignore[assignment]

# SQLite allows 32,766 bound parameters per statement; PostgreSQL 65,535. Stay well under both.
IN_CHUNK = 900


def upsert(connection: Connection, table: Table) -> Any:
    """An INSERT that can take ON CONFLICT clauses on either database.

    Callers add RETURNING even where they ignore it: with it, SQLAlchemy sends many rows as one
    multi-VALUES statement ("insertmanyvalues") instead of psycopg2's row-at-a-time executemany.
    """
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def chunks(items: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def among(connection: Connection, column: Any, values: Sequence[Any]) -> Iterator[Any]:
    """WHERE clauses that together select the rows whose ``column`` is one of ``values``: on PostgreSQL one
    ``= ANY(array)``, a single parameter however many values (an IN list of 900 is planned anew each time:
    0.7 s of a 100k-video import); elsewhere IN lists of ``IN_CHUNK``. Every lookup of the ingest by one
    column goes through here."""
    if connection.dialect.name == "postgresql":
        if values:
            yield column == any_(bindparam(None, list(values), type_=postgresql.ARRAY(column.type)))
        return
    for chunk in chunks(values):
        yield column.in_(chunk)


def update_by_id(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """One executemany per set of changed columns; each row carries its id as ``b_id``."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(k for k in row if k != "b_id")), []).append(row)
    for columns, group in groups.items():
        connection.execute(
            update(table).where(table.c.id == bindparam("b_id")).values(**{c: bindparam(c) for c in columns}),
            group,
        )


def lock_keys(connection: Connection, names: set[str]) -> None:
    """Transaction-scoped advisory locks on PostgreSQL, taken in one sorted order (no deadlock cycles)."""
    if connection.dialect.name != "postgresql" or not names:
        return
    keys = sorted(
        int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)
        for name in names
    )
    # unnest yields the array in order, and the function runs row by row: locks go in sorted order.
    connection.execute(
        text("SELECT count(pg_advisory_xact_lock(k)) FROM unnest(CAST(:keys AS bigint[])) AS k"),
        {"keys": keys},
    )


def _copy_column(values: list[Any]) -> list[str]:
    """One column's fields in COPY's CSV format, in one pass with the conversion its values' type needs
    (a column holds one type, or None); a mixed column goes value by value."""
    kinds = {type(value) for value in values} - {type(None)}
    if kinds <= {int, float}:
        return ["" if value is None else str(value) for value in values]
    if kinds == {str}:
        return ["" if value is None else '"' + value.replace('"', '""') + '"' for value in values]
    if kinds == {datetime}:
        return ["" if value is None else value.isoformat() for value in values]
    if kinds == {bool}:
        return ["" if value is None else "t" if value else "f" for value in values]
    return [_copy_field(value) for value in values]


def _copy_field(value: Any) -> str:
    if value is None:
        return ""  # unquoted empty field: NULL in COPY's CSV format
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def bulk_insert(
    connection: Connection,
    table: Table,
    rows: list[dict[str, Any]],
    returning: Sequence[str],
    *,
    conflict_columns: Sequence[str] | None = None,
    merge_columns: Sequence[str] = (),
) -> list[Any]:
    """INSERT ... ON CONFLICT ... RETURNING, for many rows: the ``returning`` columns of each row
    inserted (or merged).

    On a conflict the row is left alone, or, for ``merge_columns``, updated with each new value that
    is known (``COALESCE(new, old)``): two sources seen at the same moment merge, the later winning.
    On PostgreSQL the rows are COPYed into a temporary table first and inserted with one
    INSERT ... SELECT: COPY is several times faster than multi-row VALUES for tens of thousands of
    rows. SQLite takes them as one executemany.
    """
    if not rows:
        return []
    return _insert(connection, table, rows, returning, conflict_columns, merge_columns).all()


def bulk_write(
    connection: Connection,
    table: Table,
    rows: list[dict[str, Any]],
    *,
    conflict_columns: Sequence[str] | None = None,
    merge_columns: Sequence[str] = (),
) -> int:
    """``bulk_insert`` for a caller that needs no row back: how many rows were inserted or merged. On
    PostgreSQL nothing comes back but the count, where RETURNING sent every row to Python."""
    if not rows:
        return 0
    if connection.dialect.name != "postgresql":
        any_column = [next(iter(rows[0]))]  # RETURNING something is what batches SQLite's rows
        return len(_insert(connection, table, rows, any_column, conflict_columns, merge_columns).all())
    return int(_insert(connection, table, rows, (), conflict_columns, merge_columns).rowcount)


def _insert(
    connection: Connection,
    table: Table,
    rows: list[dict[str, Any]],
    returning: Sequence[str],
    conflict_columns: Sequence[str] | None,
    merge_columns: Sequence[str],
) -> CursorResult[Any]:
    columns = list(rows[0])
    if merge_columns and conflict_columns:
        rows = one_per_key(rows, conflict_columns, merge_columns)
    if connection.dialect.name != "postgresql":
        # RETURNING makes SQLAlchemy send the rows as multi-row VALUES (see ``upsert``).
        statement = upsert(connection, table)
        if merge_columns:
            statement = statement.on_conflict_do_update(
                index_elements=conflict_columns,
                set_={c: func.coalesce(statement.excluded[c], table.c[c]) for c in merge_columns},
            )
        else:
            statement = statement.on_conflict_do_nothing(index_elements=conflict_columns)
        return connection.execute(statement.returning(*(table.c[c] for c in returning)), rows)
    stage = f"_stage_{table.name}"
    column_list = ", ".join(columns)
    connection.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {stage} ON COMMIT DELETE ROWS AS "
        f"SELECT * FROM {table.name} WITH NO DATA"
    )
    # Emptied before, not after: an earlier batch of the same transaction may have left rows, and the
    # caller reads this insert's rows back after it returns.
    connection.exec_driver_sql(f"TRUNCATE {stage}")
    fields = [_copy_column([row[c] for row in rows]) for c in columns]
    buffer = io.StringIO("".join(",".join(line) + "\n" for line in zip(*fields, strict=True)))
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.copy_expert(f"COPY {stage} ({column_list}) FROM STDIN WITH (FORMAT csv)", buffer)
    finally:
        cursor.close()
    target = f"({', '.join(conflict_columns)})" if conflict_columns else ""
    if merge_columns:
        action = "DO UPDATE SET " + ", ".join(
            f"{c} = COALESCE(EXCLUDED.{c}, {table.name}.{c})" for c in merge_columns
        )
    else:
        action = "DO NOTHING"
    back = f" RETURNING {', '.join(returning)}" if returning else ""
    return connection.exec_driver_sql(
        f"INSERT INTO {table.name} ({column_list}) SELECT {column_list} FROM {stage} "
        f"ON CONFLICT {target} {action}{back}"
    )


def one_per_key(
    rows: list[dict[str, Any]], conflict_columns: Sequence[str], merge_columns: Sequence[str]
) -> list[dict[str, Any]]:
    """The rows merged by conflict key, in the order of their first row: each known value of a merge
    column replaces the one before, as ON CONFLICT merges a row into a stored one. An INSERT ... ON
    CONFLICT DO UPDATE may not touch one row twice (PostgreSQL refuses; SQLite would update it twice
    and count it twice), so rows of one key arrive merged."""
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        key = tuple(row[c] for c in conflict_columns)
        before = merged.get(key)
        if before is None:
            merged[key] = row
        else:
            merged[key] = {**before, **{c: row[c] for c in merge_columns if row[c] is not None}}
    return list(merged.values())
