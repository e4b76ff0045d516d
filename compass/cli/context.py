"""What every command needs: settings and a migrated database."""

from __future__ import annotations

import json
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
