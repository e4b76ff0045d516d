"""What every command needs: settings and a migrated database."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from compass.db import make_engine
from compass.errors import CompassError
from compass.migrations import upgrade
from compass.settings import load_settings


def open_database(migrate: bool = True) -> Engine:
    settings = load_settings()
    engine = make_engine(settings, "cli")
    try:
        if migrate:
            upgrade(engine)
        else:
            engine.connect().close()
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise CompassError(f"cannot open the database at {engine.url.render_as_string()}: {reason}") from None
    return engine


def print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def progress_bar(done: int, total: int | None, step: str, *, percent: bool = False) -> None:
    """A bar on the terminal, redrawn in place (nothing when stderr is not one): ``done``/``total``, or a
    percentage for totals no person counts in (bytes)."""
    if not sys.stderr.isatty():
        return
    if total:
        filled = int(30 * min(done, total) / total)
        figure = f"{100 * min(done, total) // total:>3}%" if percent else f"{done}/{total}"
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {figure} {step[:50]:<50}")
    else:
        sys.stderr.write(f"\r{step[:80]:<80}")
    sys.stderr.flush()


@contextmanager
def bar_line() -> Iterator[None]:
    """The work that draws ``progress_bar``: its line is ended when the work ends, however it ends, so
    what is printed next starts on a line of its own."""
    try:
        yield
    finally:
        if sys.stderr.isatty():
            sys.stderr.write("\n")
