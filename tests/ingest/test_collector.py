"""Python's cycle collector is paused while an import reads and writes, and comes back as it was, also
when imports of two sessions overlap."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from compass.errors import CompassError
from compass.importers import ImportOptions
from compass.ingest import files
from compass.ingest.collector import collector_paused
from tests.conftest import shared_file


@pytest.fixture
def collecting() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_an_import_reads_and_writes_with_the_collector_paused(
    engine: Engine, collecting: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, bool] = {}
    read, ingest = files.read_file, files.ingest

    def reading(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen["reading"] = gc.isenabled()
        return read(*args, **kwargs)

    def writing(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen["writing"] = gc.isenabled()
        return ingest(*args, **kwargs)

    monkeypatch.setattr(files, "read_file", reading)
    monkeypatch.setattr(files, "ingest", writing)
    real_file = shared_file("data/datares_TikTok_Famous/top_users_vids.csv")
    summary = files.import_files(engine, [real_file], ImportOptions())
    assert summary.files[0].videos_added > 0
    assert seen == {"reading": False, "writing": False}
    assert gc.isenabled()


def test_a_refused_import_turns_the_collector_back_on(collecting: None, engine: Engine) -> None:
    with pytest.raises(CompassError):
        files.import_files(engine, [Path("/no/such/file.csv")], ImportOptions())
    assert gc.isenabled()


def test_overlapping_imports_keep_it_paused_until_the_last_ends(collecting: None) -> None:
    first_inside, second_may_end, first_done = threading.Event(), threading.Event(), threading.Event()
    during: list[bool] = []

    def first() -> None:
        with collector_paused():
            first_inside.set()
            second_may_end.wait(5)
        first_done.set()

    thread = threading.Thread(target=first)
    thread.start()
    first_inside.wait(5)
    with collector_paused():
        second_may_end.set()
        first_done.wait(5)
        during.append(gc.isenabled())  # the first has ended; this one still runs
    thread.join(5)
    assert during == [False]
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(collecting: None) -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
