"""Workspaces and page runs for the AppTest tests of ``tests/web``."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from compass.db import make_engine_for_url
from compass.migrations import upgrade

ROOT = Path(__file__).resolve().parents[2]


def workspace_engine(folder: Path) -> Engine:
    """The SQLite database the app reads in ``folder`` (``COMPASS_DATA_DIR``), migrated."""
    engine = make_engine_for_url(f"sqlite:///{folder / 'compass.sqlite3'}", "test")
    upgrade(engine)
    return engine


def checked(app: AppTest) -> AppTest:
    assert not app.exception, [e.value for e in app.exception]
    return app


def run_page(path: str, *, context: dict[str, str] | None = None, **query: str) -> AppTest:
    """A first visit to the page at ``path`` (relative to the project), with ``query`` in its URL."""
    app = AppTest.from_file(str(ROOT / path), default_timeout=120)
    if context:
        app.context = context
    for key, value in query.items():
        app.query_params[key] = value
    return checked(app.run())


def opened_section(app: AppTest, key: str) -> AppTest:
    """The page after its user opened the expander ``key`` (``compass.web.widgets.opened``): its content
    runs only while it is open."""
    app.session_state[key] = True
    return checked(app.run())


def chosen_tab(app: AppTest, key: str, label: str) -> AppTest:
    """The page after its user chose the tab ``label`` of the tabs ``key`` (``compass.web.widgets.tabbed``):
    only the chosen tab's content runs."""
    app.session_state[key] = label
    return checked(app.run())
