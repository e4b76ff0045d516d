"""Every table a page offers for download opens with ``pandas.read_csv`` as it is, header on line 1, and
every one of its columns is defined in the file beside it."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from compass.demo import load_demo
from compass.export import to_safe_csv
from compass.jobs.kinds import load_builtin_kinds
from compass.scraper.refresh import SCRAPE_KIND
from compass.web import widgets
from compass.workspace import request_job
from compass.workspace.users import local_user
from tests.web.apps import run_page, workspace_engine


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("downloads")
    engine = workspace_engine(folder)
    user = local_user(engine)
    handle = load_demo(engine, user.id).own_handle
    load_builtin_kinds()
    request_job(engine, user, SCRAPE_KIND, {"handle": "someone"})  # for the Jobs page's table
    engine.dispose()
    assert handle
    return folder, handle


@pytest.fixture
def offered(
    demo: tuple[Path, str], serve: Callable[[Path], None], monkeypatch: pytest.MonkeyPatch
) -> list[dict[str, Any]]:
    """Runs every page and records each table it offers, as it hands it to the download widget."""
    folder, handle = demo
    serve(folder)
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
        ("pages/2_Creator.py", {"handle": handle, "section": "When they post"}),
        ("pages/2_Creator.py", {"handle": handle, "section": "Length against views"}),
        ("pages/3_Insights.py", {}),
        ("pages/3_Insights.py", {"section": "Length"}),
        ("pages/3_Insights.py", {"section": "Hashtags and sounds"}),
        ("pages/3_Insights.py", {"section": "Cadence and you"}),
        ("pages/4_Recommendations.py", {}),
        ("pages/5_Jobs.py", {}),
        ("pages/6_Plan.py", {}),
    ]:
        run_page(page, **query)
    return recorded


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
