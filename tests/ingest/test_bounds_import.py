"""Values the database cannot hold, or TikTok cannot have made, on SQLite and PostgreSQL alike:
each is unknown with a note, or its row is skipped with a reason; the file still imports.

Each case was seen in use: on PostgreSQL it ended the import with "internal error" and SQL, on
SQLite it was stored as it came (so one file behaved two ways), or a row was taken for another."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from compass.errors import CompassError
from compass.importers import ImportOptions
from compass.ingest.files import ImportSummary, import_files
from compass.models.tiktok import Creator, Hashtag, Sound, Video
from tests.conftest import shared_file

CAPTURED = datetime(2025, 6, 1, tzinfo=UTC)
VIDEO = "7300000000000000001"
HEADER = [
    "id",
    "create_time",
    "user_name",
    "n_plays",
    "duration",
    "text",
    "hashtags",
    "music_id",
    "music_title",
    "author_id",
    "author_sec_uid",
    "nickname",
]
GOOD_ROW = {
    "id": VIDEO,
    "create_time": "1700000000",
    "user_name": "alice",
    "n_plays": "100",
    "duration": "15",
    "text": "hello",
    "hashtags": "fyp",
    "music_id": "7000000000000000009",
    "music_title": "a song",
    "author_id": "6800000000000000001",
    "author_sec_uid": "MS4wLjABAAAA",
    "nickname": "Alice",
}


def import_rows(engine: Engine, tmp_path: Path, *rows: dict[str, str]) -> ImportSummary:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, HEADER)
    writer.writeheader()
    writer.writerows({**GOOD_ROW, **row} for row in rows)
    path = tmp_path / "export.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return import_files(engine, [path], ImportOptions(captured_at=CAPTURED))


def stored(engine: Engine, column: Any) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(select(column)).scalars())


def notes_of(summary: ImportSummary) -> str:
    return " | ".join(note for _, note in summary.notes)


# case -> (the row's bad values, the column whose value becomes unknown, the note's words)
UNKNOWN_VALUES: dict[str, tuple[dict[str, str], Any, str]] = {
    "creator id of 40 digits": ({"author_id": "1" * 40}, Creator.tiktok_id, "past the 64 bits"),
    "duration of 11 digits": ({"duration": "9" * 11}, Video.duration_s, "no TikTok video's length"),
    "duration of 20 digits": ({"duration": "9" * 20}, Video.duration_s, "no TikTok video's length"),
    "nickname of 300 characters": ({"nickname": "n" * 300}, Creator.nickname, "the 255 a nickname can have"),
    "sound title of 600 characters": ({"music_title": "t" * 600}, Sound.title, "the 512 a sound title"),
    "secUid of 200 characters": ({"author_sec_uid": "S" * 200}, Creator.sec_uid, "the 128 a sec uid"),
    "sound id of 40 digits": ({"music_id": "4" * 40}, Sound.tiktok_id, "past the 64 bits"),
    "views past 2^63": ({"n_plays": str(2**63)}, Video.views, "not a count"),
    "creator id in letters": ({"author_id": "abc"}, Creator.tiktok_id, "ids are digits"),
}


@pytest.mark.parametrize("case", sorted(UNKNOWN_VALUES))
def test_value_outside_its_bounds_is_unknown_with_a_note(engine: Engine, tmp_path: Path, case: str) -> None:
    values, column, words = UNKNOWN_VALUES[case]
    summary = import_rows(engine, tmp_path, values)
    assert summary.report.videos_added == 1 and summary.report.skipped == []
    assert stored(engine, column) == [None]
    assert words in notes_of(summary)


def test_nul_and_lone_surrogates_are_dropped_from_text(engine: Engine, tmp_path: Path) -> None:
    summary = import_rows(
        engine, tmp_path, {"text": "bad\x00caption", "music_title": "so\x00ng", "nickname": "Al\x00ice"}
    )
    assert summary.report.videos_added == 1
    assert stored(engine, Video.caption) == ["badcaption"]
    assert stored(engine, Sound.title) == ["song"] and stored(engine, Creator.nickname) == ["Alice"]
    document = [
        {
            "id": VIDEO,
            "createTime": 1700000000,
            "desc": "lone \ud800 surrogate",
            "author": {"uniqueId": "alice", "nickname": "\udfff"},
        }
    ]
    path = tmp_path / "items.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    import_files(engine, [path], ImportOptions(captured_at=CAPTURED))
    assert stored(engine, Video.caption) == ["lone ? surrogate"]


def test_hashtag_longer_than_its_column_is_dropped_with_a_note(engine: Engine, tmp_path: Path) -> None:
    summary = import_rows(engine, tmp_path, {"hashtags": f"fyp, {'h' * 300}"})
    assert stored(engine, Hashtag.name) == ["fyp"]
    assert "the 255 a hashtag can have" in notes_of(summary) and "dropped" in notes_of(summary)


SKIPPED_ROWS: dict[str, tuple[dict[str, str], str]] = {
    "posted in 1900": ({"create_time": "1900-01-01 00:00:00"}, "before TikTok's first video"),
    "posted in 9999": ({"create_time": "9999-01-01 00:00:00"}, "after the capture"),
    "posted at year 9999 with a negative offset": (
        {"create_time": "9999-12-31T23:00:00-05:00"},
        "outside the calendar",
    ),
    "posted at year 1 with a positive offset": (
        {"create_time": "0001-01-01T00:00:00+05:00"},
        "outside the calendar",
    ),
    "video id past 64 bits": ({"id": str(2**64)}, "is not a TikTok video id"),
    "video id with a letter": ({"id": "73000000000000000a1"}, "is not a TikTok video id"),
}


@pytest.mark.parametrize("case", sorted(SKIPPED_ROWS))
def test_row_outside_the_bounds_is_skipped_with_its_number_and_reason(
    engine: Engine, tmp_path: Path, case: str
) -> None:
    values, words = SKIPPED_ROWS[case]
    other = {"id": "7300000000000000002"}
    summary = import_rows(engine, tmp_path, other, values)
    assert summary.report.videos_added == 1
    assert [(s["row"], words in s["reason"]) for s in summary.report.skipped] == [(2, True)]
    assert stored(engine, Video.tiktok_id) == ["7300000000000000002"]


def test_full_width_digits_name_the_same_video(engine: Engine, tmp_path: Path) -> None:
    import_rows(engine, tmp_path, {})
    wide = VIDEO.translate({ord(d): ord(d) - ord("0") + 0xFF10 for d in "0123456789"})
    summary = import_rows(engine, tmp_path, {"id": wide, "n_plays": "200"})
    assert summary.report.videos_added == 0 and summary.report.videos_updated == 1
    assert stored(engine, Video.tiktok_id) == [VIDEO] and stored(engine, Video.views) == [200]


ODD_SHAPES: dict[str, tuple[Any, Callable[[ImportSummary], bool]]] = {
    "an author that is a list": (
        [
            {"id": VIDEO, "createTime": 1700000000, "author": []},
            {"id": "7300000000000000002", "createTime": 1700000000, "author": {"uniqueId": "bob"}},
        ],
        lambda s: s.report.videos_added == 1 and "is not a handle" in s.report.skipped[0]["reason"],
    ),
    "a caption that is an object": (
        [{"id": VIDEO, "createTime": 1700000000, "author": {"uniqueId": "bob"}, "desc": {"text": "x"}}],
        lambda s: s.report.videos_added == 1,
    ),
    "a profile whose item list is a number": (
        {
            "userInfo": {
                "user": {"uniqueId": "bob", "id": "6800000000000000001"},
                "stats": {"followerCount": 5},
                "itemList": 5,
            }
        },
        lambda s: s.report.creators_added == 1,
    ),
}


@pytest.mark.parametrize("case", sorted(ODD_SHAPES))
def test_odd_json_shapes_import_what_they_can(engine: Engine, tmp_path: Path, case: str) -> None:
    document, holds = ODD_SHAPES[case]
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    summary = import_files(engine, [path], ImportOptions(captured_at=CAPTURED))
    assert holds(summary), summary.to_json()


def test_stored_values_stay_inside_the_bounds_after_every_case(engine: Engine, tmp_path: Path) -> None:
    rows = [
        {**values, "id": str(7300000000000000100 + n)}
        for n, (values, _, _) in enumerate(UNKNOWN_VALUES.values())
    ]
    import_rows(engine, tmp_path, *rows)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Video)).scalar_one() == len(rows)
        assert connection.execute(select(func.max(Video.duration_s))).scalar_one() == 15
        assert connection.execute(select(func.max(func.length(Sound.title)))).scalar_one() <= 512


REAL_FILE = "data/datares_TikTok_Famous/sug_users_vids4.csv"  # 5,201 rows: more than one write batch
REAL_CAPTURED = datetime(2021, 1, 1, tzinfo=UTC)
BROKEN_LAST_ROWS = {
    "a 20-digit duration": "7300000000000000001,1604701219,thetoiley,['fyp'],a song,"
    + "9" * 20
    + ",1,1,1,1,1,1,1",
    "a NUL in the sound": "7300000000000000001,1604701219,thetoiley,['fyp'],a \x00song,14,1,1,1,1,1,1,1",
    "an id past 64 bits": f"{2**64},1604701219,thetoiley,['fyp'],a song,14,1,1,1,1,1,1,1",
    "too few fields": "7300000000000000001,1604701219,thetoiley",
    "a quote never closed": "7300000000000000001,1604701219,thetoiley,\"['fyp'],a song,14,1,1,1,1,1,1,1",
}


@pytest.mark.parametrize("case", sorted(BROKEN_LAST_ROWS))
def test_real_file_with_a_broken_last_row_imports_whole_minus_that_row_or_not_at_all(
    engine: Engine, tmp_path: Path, case: str
) -> None:
    real = shared_file(REAL_FILE).read_text(encoding="utf-8")
    real_rows = len(real.strip().splitlines()) - 1
    path = tmp_path / "sug_users_vids4-broken.csv"
    path.write_text(real + BROKEN_LAST_ROWS[case] + "\n", encoding="utf-8")
    try:
        summary = import_files(engine, [path], ImportOptions(captured_at=REAL_CAPTURED))
    except CompassError as exc:
        assert case == "a quote never closed"
        assert f"past line {real_rows + 2:,}" in str(exc) and "never closed" in str(exc)
        assert stored(engine, Video.id) == []
        return
    videos = len(stored(engine, Video.id))
    if summary.report.skipped:
        assert [s["row"] for s in summary.report.skipped] == [real_rows + 1]
        assert videos == real_rows
    else:
        assert videos == real_rows + 1
        assert case in ("a 20-digit duration", "a NUL in the sound")
    last_row_said = [s["reason"] for s in summary.report.skipped] + [
        note for _, note in summary.notes if f"row {real_rows + 1}" in note
    ]
    assert case == "a NUL in the sound" or last_row_said
