"""Rows to records, through read_file on small CSVs written here: skips, notes, options."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from compass.importers import ImportFileError, ImportOptions, read_file
from compass.importers.advice import note_for_cli
from compass.records import posted_at_from_video_id

ID1, ID2, ID3 = "6892428462015958273", "6891790235336822018", "6891264678832475393"


def write(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def videos_of(batch):
    return {v.tiktok_id: v for o in batch.observations for v in o.videos}


def test_read_file_bad_row_skipped_with_number_good_rows_kept(tmp_path):
    path = write(
        tmp_path,
        "id,create_time,user_name,n_plays\n"
        f"{ID1},1604768557,alice,100\n"
        f"{ID2},not a time,alice,200\n"
        f"{ID3},1604497592,alice,300\n",
    )
    batch = read_file(path)
    assert batch.rows_read == 3
    assert [(s.row, s.reason) for s in batch.skipped] == [(2, "posted time: 'not a time' is not a time")]
    assert set(videos_of(batch)) == {ID1, ID3}


def test_read_file_unreadable_optional_value_unknown_and_noted(tmp_path):
    path = write(tmp_path, f"id,user_name,n_plays,n_likes\n{ID1},alice,lots,5\n{ID2},alice,7,6\n")
    batch = read_file(path)
    videos = videos_of(batch)
    assert videos[ID1].stats.views is None and videos[ID1].stats.likes == 5
    assert videos[ID2].stats.views == 7
    expected = (
        "column 'n_plays': 1 values could not be read (first at row 1: 'lots' is not a count); "
        "kept as unknown"
    )
    assert expected in batch.notes


def test_read_file_missing_values_are_none_never_zero(tmp_path):
    path = write(tmp_path, f"id,user_name,n_plays,n_likes,n_followers\n{ID1},alice,,0,\n")
    batch = read_file(path)
    video = videos_of(batch)[ID1]
    assert video.stats.views is None
    assert video.stats.likes == 0
    assert video.stats.comments is None and video.duration_s is None and video.sound is None
    assert batch.observations[0].creator.stats.followers is None


def test_read_file_missing_time_derived_from_video_id(tmp_path):
    batch = read_file(write(tmp_path, f"video_id,author\n{ID1},alice\n"))
    assert videos_of(batch)[ID1].posted_at == posted_at_from_video_id(ID1)
    assert "posted times derived from the video ids (the file has no time column)" in batch.notes


def test_read_file_float_notation_id_rescued_from_url(tmp_path):
    path = write(
        tmp_path,
        f"video_id,user_name,video_link\n7.47e+18,alice,https://www.tiktok.com/@alice/video/{ID1}?lang=en\n",
    )
    batch = read_file(path)
    assert set(videos_of(batch)) == {ID1}
    assert any("read from the video URL" in n for n in batch.notes)


def test_read_file_float_notation_id_without_url_skipped_with_reason(tmp_path):
    batch = read_file(
        write(
            tmp_path, f"video_id,user_name\n7,25E+18,alice\n{ID2},alice\n".replace("7,25E+18", '"7,25E+18"')
        )
    )
    assert [s.row for s in batch.skipped] == [1]
    assert "float notation" in batch.skipped[0].reason
    assert set(videos_of(batch)) == {ID2}


def test_read_file_url_only_gives_id_and_handle(tmp_path):
    batch = read_file(write(tmp_path, f"url,views\nhttps://www.tiktok.com/@Bob.Two/video/{ID1},\n"))
    assert batch.observations[0].creator.handle == "bob.two"
    assert set(videos_of(batch)) == {ID1}


def test_read_file_duplicate_video_id_keeps_later_row(tmp_path):
    path = write(tmp_path, f"id,user_name,n_plays\n{ID1},alice,100\n{ID2},alice,5\n{ID1},alice,150\n")
    batch = read_file(path)
    videos = videos_of(batch)
    assert len(videos) == 2 and videos[ID1].stats.views == 150
    assert batch.skipped == []
    assert "1 rows repeat an earlier video id: the later row was kept" in batch.notes


def test_read_file_rows_grouped_one_observation_per_creator(tmp_path):
    path = write(tmp_path, f"id,user_name,n_followers\n{ID1},Alice,10\n{ID2},bob,20\n{ID3},@alice,11\n")
    batch = read_file(path)
    by_handle = {o.creator.handle: o for o in batch.observations}
    assert list(by_handle) == ["alice", "bob"]
    assert {v.tiktok_id for v in by_handle["alice"].videos} == {ID1, ID3}
    assert by_handle["alice"].creator.stats.followers == 11  # the later row's snapshot


def test_read_file_no_author_skipped_unless_creator_given(tmp_path):
    path = write(tmp_path, f"id,n_plays\n{ID1},1\n{ID2},2\n")
    without = read_file(path)
    assert without.observations == []
    assert [s.row for s in without.skipped] == [1, 2]
    assert all(s.reason == "the row names no author" for s in without.skipped)
    assert "2 rows name no author, skipped" in without.notes
    with_creator = read_file(path, ImportOptions(creator="@Someone"))
    assert [o.creator.handle for o in with_creator.observations] == ["someone"]
    assert set(videos_of(with_creator)) == {ID1, ID2}


def test_read_file_bad_creator_option_raises(tmp_path):
    with pytest.raises(
        ImportFileError, match="the author given, 'not a handle!', is not a TikTok handle"
    ) as raised:
        read_file(write(tmp_path, f"id\n{ID1}\n"), ImportOptions(creator="not a handle!"))
    assert raised.value.option == "creator"


def test_read_file_invalid_handle_row_skipped(tmp_path):
    batch = read_file(write(tmp_path, f"id,user_name\n{ID1},two words\n{ID2},fine\n"))
    assert [(s.row, s.reason) for s in batch.skipped] == [(1, "'two words' is not a TikTok handle")]


def test_read_file_zoneless_times_read_in_tz_and_noted(tmp_path):
    path = write(tmp_path, f"id,user_name,date\n{ID1},alice,2020-11-07 18:02:37\n")
    utc = read_file(path)
    assert videos_of(utc)[ID1].posted_at == datetime(2020, 11, 7, 18, 2, 37, tzinfo=UTC)
    assert "times without a zone read as UTC" in utc.notes
    assert note_for_cli(next(n for n in utc.notes if "zone" in n)).endswith("(use --tz ZONE)")
    paris = read_file(path, ImportOptions(tz=ZoneInfo("Europe/Paris")))
    assert videos_of(paris)[ID1].posted_at == datetime(2020, 11, 7, 17, 2, 37, tzinfo=UTC)
    assert "times without a zone read as Europe/Paris" in paris.notes


def test_read_file_unrecognized_columns_noted(tmp_path):
    batch = read_file(write(tmp_path, f"id,user_name,Mood,Weather\n{ID1},alice,happy,sun\n"))
    assert "unrecognized columns: Mood, Weather" in batch.notes


def test_read_file_map_reads_a_column_as_a_field(tmp_path):
    path = write(tmp_path, f"id,user_name,Mood,video_stats\n{ID1},alice,happy,42\n")
    plain = read_file(path)
    assert videos_of(plain)[ID1].stats.likes is None
    assert any("video_stats (could be" in n for n in plain.notes)
    mapped = read_file(path, ImportOptions(column_map={"video_stats": "likes", "Mood": "ignore"}))
    assert videos_of(mapped)[ID1].stats.likes == 42
    assert not any("Mood" in n or "video_stats" in n for n in mapped.notes)


def test_read_file_map_unknown_field_raises(tmp_path):
    with pytest.raises(ImportFileError, match="not a field"):
        read_file(write(tmp_path, f"id\n{ID1}\n"), ImportOptions(column_map={"id": "identifier"}))


def test_read_file_creator_table_imports_creators_without_videos(tmp_path):
    path = write(tmp_path, "Username,Followers,Likes,Verified?\n@alice,1.2M,3.4K,True\n@bob,541.2K,1,False\n")
    batch = read_file(path)
    assert batch.format == "creators-csv"
    creators = [(o.creator.handle, o.creator.stats.followers, o.creator.verified) for o in batch.observations]
    assert creators == [("alice", 1_200_000, True), ("bob", 541_200, False)]
    assert batch.videos == 0
    assert batch.observations[0].creator.stats.likes is None  # a per-video "Likes" is not the profile's total
    assert any("columns Likes describe videos" in n for n in batch.notes)
    mapped = read_file(path, ImportOptions(column_map={"Likes": "total_likes"}))
    assert mapped.observations[0].creator.stats.likes == 3_400


def test_read_file_captured_at_defaults_to_file_time_with_note(tmp_path):
    path = write(tmp_path, f"id,user_name\n{ID1},alice\n")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    batch = read_file(path)
    assert batch.observations[0].captured_at == datetime.fromtimestamp(1_700_000_000, UTC)
    assert any(
        n.startswith("capture time unknown: used the file's modification time 2023-11-14 22:13 UTC")
        for n in batch.notes
    )
    given = read_file(path, ImportOptions(captured_at=datetime(2021, 1, 1, 12, tzinfo=UTC)))
    assert given.observations[0].captured_at == datetime(2021, 1, 1, 12, tzinfo=UTC)
    assert not any("capture time" in n for n in given.notes)


def test_read_file_semicolon_csv_with_bom_read(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(f"\ufeffid;user_name;n_plays\n{ID1};alice;1.234\n".encode())
    batch = read_file(path)
    assert videos_of(batch)[ID1].stats.views == 1234


def test_read_file_windows_1252_csv_read_and_noted(tmp_path):
    path = tmp_path / "legacy.csv"
    path.write_bytes(f"id,user_name,video_desc\n{ID1},alice,caf\xe9\n".encode("cp1252"))
    batch = read_file(path)
    assert videos_of(batch)[ID1].caption == "café"
    assert "the file is not UTF-8: read as Windows-1252" in batch.notes


def test_read_file_hashtags_from_caption_when_no_hashtag_column(tmp_path):
    batch = read_file(write(tmp_path, f"id,user_name,video_desc\n{ID1},alice,Hi #Dance #fyp!\n"))
    assert videos_of(batch)[ID1].hashtags == ("dance", "fyp")
    assert "hashtags read from the captions (the file has no hashtag column)" in batch.notes


def test_read_file_creator_table_with_bare_id_needs_map(tmp_path):
    path = write(tmp_path, "id,username,followers\n107955,tiktok,45.3m\n")
    assert [s.reason for s in read_file(path).skipped] == ["'107955' is not a TikTok video id"]
    mapped = read_file(path, ImportOptions(column_map={"id": "creator_id"}))
    assert mapped.format == "creators-csv"
    creator = mapped.observations[0].creator
    assert (creator.handle, creator.tiktok_id, creator.stats.followers) == ("tiktok", "107955", 45_300_000)


def test_read_file_broken_csv_raises_with_row(tmp_path):
    path = write(tmp_path, f'id,user_name\n{ID1},alice\n{ID2},"{"x" * 200_000}"\n')
    with pytest.raises(ImportFileError, match=r"line 3 \(data row 2\): a field is over 128 KiB"):
        read_file(path)
