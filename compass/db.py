"""The one place that owns engines and sessions.

Each process (app, scheduler, cli) makes its own engine through :func:`make_engine`; nothing
connects at import time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from compass.settings import Settings

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


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work commits at the end of the block, or rolls back on error."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session
