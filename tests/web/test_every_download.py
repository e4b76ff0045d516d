"""Every table a page offers for download opens with ``pandas.read_csv`` as it is, header on line 1, and
every one of its columns is defined in the file beside it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from compass.db import make_engine_for_url
from compass.demo import load_demo
from compass.export import to_safe_csv
from compass.jobs.kinds import load_builtin_kinds
from compass.migrations import upgrade
from compass.scraper.refresh import SCRAPE_KIND
from compass.web import widgets
from compass.workspace import request_job
from compass.workspace.users import local_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("downloads")
    engine = make_engine_for_url(f"sqlite:///{folder / 'compass.sqlite3'}", "test")
    upgrade(engine)
    user = local_user(engine)
    handle = load_demo(engine, user.id).own_handle
    load_builtin_kinds()
    request_job(engine, user, SCRAPE_KIND, {"handle": "someone"})  # for the Jobs page's table
    engine.dispose()
    assert handle
    return folder, handle


@pytest.fixture
def offered(demo: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    """Runs every page and records each table it offers, as it hands it to the download widget."""
    folder, handle = demo
    for name in ("COMPASS_OIDC_CLIENT_ID", "COMPASS_OIDC_CLIENT_SECRET", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COMPASS_DATA_DIR", str(folder))
    st.cache_data.clear()
    st.cache_resource.clear()
    recorded: list[dict[str, Any]] = []
    original = widgets.download

    def recording(frame: pd.DataFrame, name: str, **options: Any) -> None:
        recorded.append({"name": name, "frame": frame, "definitions": options.get("definitions")})
        original(frame, name, **options)

    monkeypatch.setattr(widgets, "download", recording)
    for page, query in [
        ("app.py", {}),
        ("pages/1_Discover.py", {}),
        ("pages/2_Creator.py", {"handle": handle}),
        ("pages/3_Insights.py", {}),
        ("pages/4_Recommendations.py", {}),
        ("pages/5_Jobs.py", {}),
        ("pages/6_Plan.py", {}),
    ]:
        app = AppTest.from_file(str(ROOT / page), default_timeout=120)
        for key, value in query.items():
            app.query_params[key] = value
        app.run()
        assert not app.exception, (page, [e.value for e in app.exception])
    yield recorded
    st.cache_data.clear()
    st.cache_resource.clear()


def test_every_page_offers_its_tables(offered: list[dict[str, Any]]) -> None:
    prefixes = {d["name"].split("-")[0] for d in offered}
    assert {
        "you",
        "whats",
        "niche",
        "videos",
        "insights",
        "posting",
        "length",
        "hashtags",
        "sounds",
    } <= prefixes
    assert {"creators", "recommendations", "plan"} <= prefixes


def test_every_offered_table_reads_back_with_pandas_and_defines_each_column(
    offered: list[dict[str, Any]],
) -> None:
    for download in offered:
        frame, name = download["frame"], download["name"]
        read = pd.read_csv(io.BytesIO(to_safe_csv(frame)))
        assert list(read.columns) == [str(c) for c in frame.columns], name
        assert len(read) == len(frame), name
        defined = widgets.column_definitions(frame, download["definitions"])
        assert set(frame.columns) == set(defined), (name, set(frame.columns) - set(defined))
