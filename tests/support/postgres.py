"""Finds a PostgreSQL server for the tests: TEST_DATABASE_URL, a local server, or a throwaway cluster."""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

LOCAL_SERVER = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"


class PostgresUnavailable(RuntimeError):
    pass


def _reachable(url: str) -> bool:
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
    finally:
        engine.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _throwaway_cluster() -> str:
    """Starts a private cluster from the installed PostgreSQL binaries; stopped at exit."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    initdb = candidates[-1] if candidates else shutil.which("initdb")
    if not initdb:
        raise PostgresUnavailable("no PostgreSQL server reachable and no initdb installed")
    bindir = os.path.dirname(initdb)
    datadir = tempfile.mkdtemp(prefix="compass-pg-")
    port = _free_port()
    prefix: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(datadir, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*prefix, initdb, "-D", datadir, "-A", "trust", "-U", "postgres"], check=True, capture_output=True
    )
    subprocess.run(
        [
            *prefix,
            os.path.join(bindir, "pg_ctl"),
            "-D",
            datadir,
            "-o",
            f"-p {port} -k {datadir} -h 127.0.0.1",
            "-l",
            os.path.join(datadir, "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )

    def stop() -> None:
        subprocess.run(
            [*prefix, os.path.join(bindir, "pg_ctl"), "-D", datadir, "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(datadir, ignore_errors=True)

    atexit.register(stop)
    url = f"postgresql+psycopg2://postgres@127.0.0.1:{port}/postgres"
    for _ in range(50):
        if _reachable(url):
            return url
        time.sleep(0.1)
    raise PostgresUnavailable(f"throwaway cluster in {datadir} did not start")


def admin_url() -> str:
    """A URL to a database on a server where we may create databases."""
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        if not _reachable(configured):
            raise PostgresUnavailable(f"TEST_DATABASE_URL is set but unreachable: {configured}")
        return configured
    if _reachable(LOCAL_SERVER):
        return LOCAL_SERVER
    return _throwaway_cluster()


def create_database(server_url: str, prefix: str = "compass_test", *, keep: bool = False) -> str:
    """Creates a fresh, uniquely named database; returns its URL. Dropped at exit unless ``keep``."""
    url = make_url(server_url)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg2")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    if not keep:
        atexit.register(drop)
    return url.set(database=name).render_as_string(hide_password=False)
