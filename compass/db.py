"""The one place that owns engines and sessions.

Each process (app, scheduler, cli) makes its own engine through :func:`make_engine`; nothing
connects at import time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from compass.settings import Settings

if TYPE_CHECKING:
    from adbc_driver_manager.dbapi import Connection as ColumnarConnection

ProcessName = str  # "app", "scheduler", "cli", "test", "bench"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the app read while the scheduler writes; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine_for_url(url: str, process: ProcessName = "cli") -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        # UPDATE executemany in pages of rows, not one round trip per row.
        executemany_mode="values_plus_batch",
        connect_args={"application_name": f"compass-{process}"},
    )


def make_engine(settings: Settings, process: ProcessName = "cli") -> Engine:
    return make_engine_for_url(settings.database_url, process)


def columnar_connection(engine: Engine, *, snapshot: bool = False) -> ColumnarConnection:
    """An ADBC connection to the engine's PostgreSQL database: a query's result arrives as an Arrow table
    decoded straight from binary COPY. With ``snapshot``, all its queries read one snapshot (REPEATABLE
    READ). The caller closes it (``with``)."""
    # Imported here: only PostgreSQL frame loads use it; the app's other pages need not pay its import.
    import adbc_driver_postgresql.dbapi as adbc

    isolation = "adbc.connection.transaction.isolation_level"
    options = {isolation: "adbc.connection.transaction.isolation.repeatable_read"} if snapshot else {}
    return adbc.connect(libpq_uri(engine.url), conn_kwargs=options)


def libpq_uri(url: URL) -> str:
    """A SQLAlchemy PostgreSQL URL as a libpq URI. Built part by part, every reserved character
    percent-escaped: SQLAlchemy's own rendering leaves spaces raw, and libpq refuses them."""

    def escaped(part: object) -> str:
        return quote(str(part), safe="")

    login = escaped(url.username) if url.username else ""
    if login and url.password is not None:
        login += ":" + escaped(url.password)
    host = f"[{url.host}]" if url.host and ":" in url.host else url.host or ""  # an IPv6 address
    address = (f"{login}@" if login else "") + host + (f":{url.port}" if url.port else "")
    uri = f"postgresql://{address}/{escaped(url.database or '')}"
    query = urlencode(url.query, doseq=True, quote_via=quote)
    return f"{uri}?{query}" if query else uri


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work commits at the end of the block, or rolls back on error."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session
