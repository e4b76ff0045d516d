"""Import on pages that already list a niche (Discover and Home), with what each file brought, and the
collection date asked for a file that holds none."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from compass.demo import load_demo
from compass.workspace.users import local_user
from tests.conftest import shared_file
from tests.web.apps import checked, opened_section, run_page, workspace_engine

CAPTURE = "fixtures/tiktok/neovolkov_2025-10_api_post_item_list.json"  # a real response; it says when


@pytest.fixture
def demo(tmp_path: Path, serve: Callable[[Path], None]) -> None:
    engine = workspace_engine(tmp_path)
    load_demo(engine, local_user(engine).id, creators=8)
    engine.dispose()
    serve(tmp_path)


def upload(app: AppTest, key: str, name: str, content: bytes) -> AppTest:
    app.get_by_key(f"{key}-files").set_value((name, content, "application/octet-stream"))
    checked(app.run())
    app.get_by_key(f"{key}-go").click()
    return checked(app.run())


@pytest.mark.parametrize(
    ("page", "key", "section"),
    [
        ("pages/1_Discover.py", "discover-import", "discover-import-open"),
        ("app.py", "home-import", "home-import-open"),
        ("pages/9_Account.py", "account-import", None),
    ],
)
def test_import_on_a_page_with_a_niche_names_each_file_and_what_was_new(
    demo: None, page: str, key: str, section: str | None
) -> None:
    assert "DEMO" in run_page("pages/1_Discover.py").selectbox[0].options[0]  # a niche is listed already
    app = run_page(page)
    if section is not None:  # a page that lists a niche keeps its import in a section, run once opened
        assert not app.file_uploader
        app = opened_section(app, section)
    capture = shared_file(CAPTURE)
    app = upload(app, key, capture.name, capture.read_bytes())
    assert [s.value for s in app.success] == ["Imported 1 new video of 1 new creator."]
    shown = [m.value.replace("\\", "") for m in app.markdown]  # markdown escapes dropped
    assert f"- {capture.name}: 1 row, 1 new video, 1 new creator" in shown

    app = upload(app, key, capture.name, capture.read_bytes())
    assert [s.value for s in app.success] == ["Nothing new: these files were already imported."]

    app = upload(app, key, "mine.csv", b"id,user_name,n_plays\n7300000000000000009,alice,5\n")
    assert any("does not say when it was collected" in e.value for e in app.error)
