"""How the served app's process is set up for many browser tabs: what Streamlit would redo for every new
session or after every run, and the app does not need, is turned off or done once."""

from __future__ import annotations

import gc
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from compass.web import runtime

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_served_app_freezes_what_it_holds_after_startup(
    unfrozen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Streamlit collects garbage in full after every run; the objects the process holds at startup are
    frozen, so that each collection walks only what runs made since."""
    monkeypatch.setattr(runtime.runtime, "exists", lambda: True)
    assert runtime.freeze_startup_objects()
    assert gc.get_freeze_count() > 0


def test_a_test_process_freezes_nothing(unfrozen: None) -> None:
    """Without a Streamlit runtime (AppTest), nothing is frozen: a test process keeps collecting every
    cycle it drops, engines and connections included."""
    assert not runtime.freeze_startup_objects()
    assert gc.get_freeze_count() == 0


def test_the_served_app_watches_no_source_file() -> None:
    """A served app never reloads itself; watching costs every new session a walk of every imported
    module's path on the server's event loop."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["fileWatcherType"] == "none"
    assert config["server"]["runOnSave"] is False
