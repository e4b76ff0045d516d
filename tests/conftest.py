"""Shared fixtures: real databases (SQLite and PostgreSQL) built by the real migrations."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from compass.db import make_engine_for_url
from compass.migrations import upgrade
from compass.models import Base, User
from compass.reanalysis.cache import forget as forget_kept_tables
from compass.workspace.users import get_or_create_user
from tests.support.postgres import PostgresUnavailable, admin_url, create_database

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SHARED_DATA = SHARED / "data"
SHARED_FIXTURES = SHARED / "fixtures" / "tiktok"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _require(what: str, reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{what} is required under CI=true: {reason}", pytrace=False)
    pytest.skip(f"{what} unavailable: {reason}")


@pytest.fixture(scope="session")
def postgres_url() -> str:
    try:
        return create_database(admin_url())
    except PostgresUnavailable as exc:
        _require("PostgreSQL", str(exc))
        raise


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'compass.sqlite3'}"


_MIGRATED: dict[str, Engine] = {}


def _migrated_engine(url: str) -> Engine:
    if url not in _MIGRATED:
        engine = make_engine_for_url(url, "test")
        upgrade(engine)
        _MIGRATED[url] = engine
    return _MIGRATED[url]


def _empty_tables(engine: Engine) -> None:
    forget_kept_tables()  # ids start again from 1: what this process kept describes another database
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                connection.execute(text(f"DELETE FROM {name}"))


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A migrated, empty database; each test runs on SQLite and on PostgreSQL."""
    url = request.getfixturevalue(f"{request.param}_url")
    migrated = _migrated_engine(url)
    _empty_tables(migrated)
    yield migrated


@pytest.fixture(params=["sqlite", "postgres"])
def fresh_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database of its own, migrated to head, for a test that migrates it (the shared ones stay at head
    for the other tests); on each database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    else:
        url = create_database(request.getfixturevalue("postgres_url"), prefix="compass_fresh")
    engine = make_engine_for_url(url, "test")
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_engine(postgres_url: str) -> Iterator[Engine]:
    """A migrated, empty PostgreSQL database, for behaviour only PostgreSQL has."""
    migrated = _migrated_engine(postgres_url)
    _empty_tables(migrated)
    yield migrated


def shared_file(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        _require("../shared", f"{path} is missing")
    return path


@pytest.fixture
def alice(engine: Engine) -> User:
    """A signed-up user, on each database."""
    return get_or_create_user(engine, "https://accounts.google.com", "alice-sub", email="alice@example.com")


@pytest.fixture
def bob(engine: Engine) -> User:
    """Another user, who must never see alice's workspace."""
    return get_or_create_user(engine, "https://accounts.google.com", "bob-sub", email="bob@example.com")
