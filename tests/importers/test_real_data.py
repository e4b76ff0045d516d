"""The real datasets under ../shared/data, checked against an independent reading with the csv module."""

from __future__ import annotations

import ast
import csv
import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from compass.importers import ImportOptions, read_file
from tests.conftest import shared_file

DATARES = "data/datares_TikTok_Famous"
SANTACLARA = "data/santaclara_mit_tiktokapi"
DATARES_VIDEO_FILES = ["top_users_vids.csv", *(f"sug_users_vids{n}.csv" for n in range(1, 5))]
CAPTURED = datetime(2021, 9, 1, tzinfo=UTC)  # after the last of these files was scraped


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def videos_of(batch):
    return {v.tiktok_id: (o.creator, v) for o in batch.observations for v in o.videos}


def tags(values) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.lower() for v in values))


def sample(rows: list, count: int = 40) -> list:
    step = max(1, len(rows) // count)
    return rows[::step] + rows[-1:]


def display_count(text: str) -> int:
    multiplier = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}.get(text[-1].lower(), 1)
    digits = text[:-1] if multiplier > 1 else text
    return int(Decimal(digits) * multiplier)


@pytest.fixture(scope="module")
def datares_batches():
    return {
        name: read_file(shared_file(f"{DATARES}/{name}"), ImportOptions(captured_at=CAPTURED))
        for name in DATARES_VIDEO_FILES
    }


@pytest.mark.parametrize("name", DATARES_VIDEO_FILES)
def test_datares_video_file_counts_match_csv(datares_batches, name):
    rows = csv_rows(shared_file(f"{DATARES}/{name}"))
    batch = datares_batches[name]
    assert batch.format == "videos-csv"
    assert batch.rows_read == len(rows)
    assert batch.skipped == []
    assert batch.videos == len({r["id"] for r in rows})
    assert len(batch.observations) == len({r["user_name"].lower() for r in rows})
    assert batch.notes == []  # every column recognized; times are unix UTC; capture time given


@pytest.mark.parametrize("name", DATARES_VIDEO_FILES)
def test_datares_video_values_match_csv(datares_batches, name):
    rows = csv_rows(shared_file(f"{DATARES}/{name}"))
    videos = videos_of(datares_batches[name])
    for row in sample(rows):
        creator, video = videos[row["id"]]
        assert creator.handle == row["user_name"].lower()
        assert video.posted_at == datetime.fromtimestamp(int(row["create_time"]), UTC)
        assert video.stats.as_tuple() == (
            int(row["n_plays"]),
            int(row["n_likes"]),
            int(row["n_comments"]),
            int(row["n_shares"]),
            None,
        )
        assert video.duration_s == int(row["video_length"])
        assert video.hashtags == tags(ast.literal_eval(row["hashtags"]))
        assert (video.sound.title if video.sound else None) == (row["song"].strip() or None)
        assert video.caption is None


@pytest.mark.parametrize("name", DATARES_VIDEO_FILES)
def test_datares_creator_profile_stats_match_their_last_row(datares_batches, name):
    last_row = {r["user_name"].lower(): r for r in csv_rows(shared_file(f"{DATARES}/{name}"))}
    for observation in datares_batches[name].observations:
        row = last_row[observation.creator.handle]
        stats = observation.creator.stats
        assert (stats.followers, stats.likes, stats.video_count, stats.following) == (
            int(row["n_followers"]),
            int(row["n_total_likes"]),
            int(row["n_total_vids"]),
            None,
        )
        assert observation.captured_at == CAPTURED


def test_datares_folder_unique_videos_across_files(datares_batches):
    expected = {r["id"] for name in DATARES_VIDEO_FILES for r in csv_rows(shared_file(f"{DATARES}/{name}"))}
    found = {v.tiktok_id for batch in datares_batches.values() for o in batch.observations for v in o.videos}
    assert found == expected


def test_datares_top_250_creator_table_imports_profiles():
    path = shared_file(f"{DATARES}/top-250-tiktokers.csv")
    rows = csv_rows(path)
    batch = read_file(path, ImportOptions(captured_at=CAPTURED))
    assert batch.format == "creators-csv"
    assert batch.rows_read == len(rows) and batch.skipped == [] and batch.videos == 0
    by_handle = {o.creator.handle: o.creator for o in batch.observations}
    assert set(by_handle) == {r["Username"].lstrip("@").lower() for r in rows}
    for row in rows:
        creator = by_handle[row["Username"].lstrip("@").lower()]
        assert creator.stats.followers == display_count(row["Followers"])
        assert creator.stats.likes is None  # its "Likes" are per-video figures, not the profile's total
    unrecognized = next(n for n in batch.notes if n.startswith("unrecognized columns:"))
    assert "Rank" in unrecognized and "Country" in unrecognized and "Engagement" in unrecognized
    assert any("columns Views, Likes describe videos" in n for n in batch.notes)


def test_santaclara_trending_authors_creator_table_imports_profiles():
    path = shared_file(f"{SANTACLARA}/trending_authors.csv")
    last_row = {r["Author Unique ID"].lower(): r for r in csv_rows(path)}
    batch = read_file(path, ImportOptions(captured_at=CAPTURED))
    assert batch.format == "creators-csv" and batch.videos == 0 and batch.skipped == []
    assert batch.rows_read == len(csv_rows(path))
    assert {o.creator.handle for o in batch.observations} == set(last_row)
    for observation in batch.observations:
        creator, row = observation.creator, last_row[observation.creator.handle]
        assert creator.nickname == (row["Author Nickname"].strip() or None)
        assert creator.bio == (row["Signature"].strip() or None)
        assert creator.verified is (row["Verified?"] == "True")
        assert creator.private is (row["Private Account?"] == "True")
        assert creator.avatar_url == row["Avatar Thumbnail"]
    assert not any(n.startswith("unrecognized") for n in batch.notes)


@pytest.mark.parametrize(
    "name", ["tiktok_collected_videos.csv", "tiktok_collected_liked_videos.csv", "trending_videos.csv"]
)
def test_santaclara_video_files_match_csv(name):
    path = shared_file(f"{SANTACLARA}/{name}")
    rows = csv_rows(path)
    batch = read_file(path, ImportOptions(captured_at=CAPTURED))
    assert batch.format == "videos-csv" and batch.skipped == [] and batch.rows_read == len(rows)
    last_row = {r["video_id"]: r for r in rows}
    videos = videos_of(batch)
    assert set(videos) == set(last_row)
    assert len(batch.observations) == len({r["user_name"].lower() for r in rows})
    for video_id, row in last_row.items():
        creator, video = videos[video_id]
        assert creator.handle == row["user_name"].lower()
        assert creator.tiktok_id == row["user_id"]
        assert video.posted_at == datetime.fromtimestamp(int(row["video_time"]), UTC)
        assert video.duration_s == int(row["video_length"])
        assert video.caption == (row["video_desc"].strip() or None)
        assert video.stats.as_tuple() == (
            int(row["n_plays"]),
            int(row["n_likes"]),
            int(row["n_comments"]),
            int(row["n_shares"]),
            None,
        )
        plain_tags = [w[1:] for w in row["video_desc"].split() if re.fullmatch(r"#\w+", w)]
        assert set(tags(plain_tags)) <= set(video.hashtags)


def test_santaclara_hashtag_export_with_author_and_music_prefixes_matches_csv():
    path = shared_file(f"{SANTACLARA}/tiktok_funny_hashtag_videos.csv")
    rows = csv_rows(path)
    batch = read_file(path, ImportOptions(captured_at=CAPTURED))
    assert batch.skipped == [] and batch.rows_read == len(rows)
    last_row = {r["video_id"]: r for r in rows}
    videos = videos_of(batch)
    assert set(videos) == set(last_row)
    for video_id, row in last_row.items():
        creator, video = videos[video_id]
        assert (creator.handle, creator.tiktok_id, creator.nickname) == (
            row["author_uniqueId"].lower(),
            row["author_id"],
            row["author_nickname"].strip(),
        )
        assert video.stats.views == int(row["video_playCount"])
        assert video.stats.shares == int(row["video_shareCount"])
        assert video.stats.comments == int(row["video_commentCount"])
        assert video.stats.likes is None  # "video_stats" is ambiguous: reported, not guessed
        assert video.sound.tiktok_id == row["music_id"] and video.sound.title == row["music_title"].strip()
        assert video.sound.original is (row["music_originality"] == "True")
        assert video.is_ad is (row["video_isAd"] == "True")
        assert video.posted_at == datetime.fromtimestamp(int(video_id) >> 32, UTC)  # no time column
    for observation in batch.observations:
        row = next(r for r in reversed(rows) if r["author_uniqueId"].lower() == observation.creator.handle)
        assert observation.creator.stats.followers == int(row["author_followerCount"])
        assert observation.creator.stats.likes == int(row["author_heartCount"])
        assert observation.creator.stats.video_count == int(row["author_videoCount"])
    assert any(n.startswith("ambiguous columns not imported: video_stats") for n in batch.notes)
    mapped = read_file(path, ImportOptions(captured_at=CAPTURED, column_map={"video_stats": "likes"}))
    assert {v.tiktok_id: v.stats.likes for o in mapped.observations for v in o.videos} == {
        video_id: int(row["video_stats"]) for video_id, row in last_row.items()
    }
