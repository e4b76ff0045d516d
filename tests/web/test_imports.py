"""The app's import speaks of its own controls: no message it shows names a command-line flag,
while the command line still names its flags for the same files."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from compass.db import make_engine_for_url
from compass.errors import CompassError
from compass.importers import ImportOptions
from compass.importers.advice import APP_PHRASES, CLI_PHRASES, Option, note_for_cli
from compass.ingest.files import ImportRefused, import_files
from compass.migrations import upgrade
from compass.web.imports import import_uploads, options_from_form
from compass.workspace import update_settings
from compass.workspace.users import local_user

FLAG = re.compile(r"--[a-z]")
VIDEO = "7300000000000000001"

# files whose import leads to a note or an error that points to an option
NOTED = {
    "times without a zone": f"id,user_name,create_time\n{VIDEO},alice,2024-05-01 10:00:00\n",
    "rows naming no author": f"id,n_plays\n{VIDEO},5\n",
    "an unrecognized column": f"id,user_name,Mood\n{VIDEO},alice,happy\n",
    "a video column in a creators file": "user_name,Likes\nalice,5\n",
}
REFUSED = {
    "no id, URL or handle column": "Mood,Weather\nhappy,sunny\n",
}


def test_every_option_has_words_for_both_surfaces() -> None:
    assert set(APP_PHRASES) == set(CLI_PHRASES) == set(Option)
    assert not any(FLAG.search(words) for words in APP_PHRASES.values())


@pytest.mark.parametrize("case", sorted(NOTED))
def test_app_notes_name_its_controls_not_flags(engine: Engine, case: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    content = NOTED[case].encode()
    report = import_uploads(engine, [("export.csv", content)], ImportOptions())
    advised = [note for note in report.notes if "Import options" in note]
    assert advised, report.notes
    assert not any(FLAG.search(note) for note in report.notes + [report.headline])
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    cli_notes = [note_for_cli(note) for _, note in import_files(engine, [path], ImportOptions()).notes]
    assert any(FLAG.search(note) for note in cli_notes)


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_app_refusals_name_its_controls_not_flags(engine: Engine, case: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    content = REFUSED[case].encode()
    with pytest.raises(CompassError) as raised:
        import_uploads(engine, [("export.csv", content)], ImportOptions())
    assert "Import options" in str(raised.value) and not FLAG.search(str(raised.value))
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    with pytest.raises(ImportRefused) as on_cli:
        import_files(engine, [path], ImportOptions())
    assert "--map" in str(on_cli.value)


def test_app_author_option_refused_in_its_own_words(engine: Engine) -> None:
    with pytest.raises(CompassError) as raised:
        import_uploads(
            engine,
            [("export.csv", f"id\n{VIDEO}\n".encode())],
            options_from_form("UTC", "two words", "", None),
        )
    assert "the author given" in str(raised.value) and not FLAG.search(str(raised.value))


def test_app_skipped_rows_are_listed_with_their_numbers(engine: Engine) -> None:
    content = f"id,user_name\n{VIDEO},alice\nnot-an-id,alice\n".encode()
    report = import_uploads(engine, [("export.csv", content)], ImportOptions())
    assert "1 rows were skipped" in report.headline
    assert report.skipped == [
        {"file": "export.csv", "row": 2, "reason": "'not-an-id' is not a TikTok video id"}
    ]


def test_form_options_are_read_and_checked() -> None:
    options = options_from_form("Europe/Paris", "@Alice", "Views=views\n\nPosted=posted_at", date(2025, 6, 1))
    assert options.column_map == {"Views": "views", "Posted": "posted_at"} and options.creator == "@Alice"
    assert options.captured_at is not None and options.captured_at.isoformat() == "2025-06-01T10:00:00+00:00"
    with pytest.raises(CompassError, match="Columns, line 1"):
        options_from_form("UTC", "", "Views", None)
    with pytest.raises(CompassError, match="not a time zone"):
        options_from_form("Mars/Olympus", "", "", None)


def test_empty_workspace_offers_the_import_options_in_the_creators_zone(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for name in ("COMPASS_OIDC_CLIENT_ID", "COMPASS_OIDC_CLIENT_SECRET", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COMPASS_DATA_DIR", str(tmp_path))
    engine = make_engine_for_url(f"sqlite:///{tmp_path / 'compass.sqlite3'}", "test")
    upgrade(engine)
    update_settings(engine, local_user(engine), timezone="America/Chicago")
    engine.dispose()
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=120)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    zone = next(s for s in app.selectbox if s.label == "Time zone of times written without one")
    assert zone.value == "America/Chicago"
    labels = {t.label for t in app.text_input} | {t.label for t in app.text_area}
    assert {"Author of rows that name none", "Columns to read as fields, one COLUMN=FIELD per line"} <= labels
    st.cache_resource.clear()


ONE_VIDEO = f"id,user_name,create_time,n_plays\n{VIDEO},alice,2024-05-01T10:00:00Z,500\n".encode()


def test_a_file_without_its_own_collection_time_asks_for_the_date_instead_of_taking_the_upload_time(
    engine: Engine,
) -> None:
    """The upload's time was once taken as the collection time: a 2020 export read as collected today."""
    with pytest.raises(CompassError) as raised:
        import_uploads(engine, [("export.csv", ONE_VIDEO)], options_from_form("UTC", "", "", None))
    assert str(raised.value) == (
        "export.csv: the file does not say when it was collected (set the date it was collected on under "
        "Import options); nothing was imported"
    )
    collected = options_from_form("UTC", "", "", date(2024, 5, 3))
    report = import_uploads(engine, [("export.csv", ONE_VIDEO)], collected)
    assert report.headline == "Imported 1 new video of 1 new creator."
    assert report.files == ["export.csv: 1 row, 1 new video, 1 new creator"]


def test_importing_the_same_file_again_says_nothing_was_new(engine: Engine) -> None:
    collected = options_from_form("UTC", "", "", date(2024, 5, 3))
    import_uploads(engine, [("first.csv", ONE_VIDEO)], collected)
    again = import_uploads(engine, [("again.csv", ONE_VIDEO)], collected)
    assert again.headline == "Nothing new: these files were already imported."
    assert again.files == ["again.csv: 1 row, already imported, nothing new"]
    newer = options_from_form("UTC", "", "", date(2024, 6, 3))
    counts = ONE_VIDEO.replace(b",500\n", b",900\n")
    updated = import_uploads(engine, [("later.csv", counts)], newer)
    assert (
        updated.headline == "Nothing new: these files were already imported (updated the counts of 1 video)."
    )
    assert updated.files[0] == "later.csv: 1 row, already imported, nothing new, 1 with newer counts"
