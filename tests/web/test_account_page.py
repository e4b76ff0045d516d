"""Deleting the account ends on a page that says so: not on a new local workspace with the phrase still
typed and the red button live."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from streamlit.testing.v1 import AppTest

from compass.db import make_engine_for_url
from compass.demo import load_demo
from compass.migrations import upgrade
from compass.models import Niche
from compass.workspace.users import local_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_folder(tmp_path: Path, serve: Callable[[Path], None]) -> Iterator[Path]:
    engine = make_engine_for_url(f"sqlite:///{tmp_path / 'compass.sqlite3'}", "test")
    upgrade(engine)
    load_demo(engine, local_user(engine).id, creators=8)
    engine.dispose()
    serve(tmp_path)
    yield tmp_path


def test_deleting_the_account_ends_on_a_page_that_says_it_was_deleted(data_folder: Path) -> None:
    app = AppTest.from_file(str(ROOT / "pages/9_Account.py"), default_timeout=120).run()
    next(t for t in app.text_input if t.label.startswith("Type")).input("delete my account").run()
    next(b for b in app.button if b.label == "Delete my account").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("were deleted" in s.value for s in app.success)
    assert not [b for b in app.button if b.label == "Delete my account"]
    assert not app.text_input  # no form of a new workspace, no phrase left typed
    engine = make_engine_for_url(f"sqlite:///{data_folder / 'compass.sqlite3'}", "test")
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Niche)) == 0
    engine.dispose()
