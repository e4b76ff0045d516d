"""Real export files (Apify, drawrowfly, TikTok's web JSON, Scrapfly), and the CSVs those tools write,
generated here from the real JSON so that CSV and JSON must import to the same records."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from compass.importers import ImportFileError, ImportOptions, read_file
from tests.conftest import shared_file

FIXTURES = "fixtures/tiktok"
TRENDING = "data/kaggle_trending_dec2020_BlaiseComo/trending.json"
APIFY = f"{FIXTURES}/pochyn_2023-09_apify_clockworks_profile_taylorswift.json"
CAPTURED = datetime(2026, 11, 1, tzinfo=UTC)  # after the newest of these captures
OPTIONS = ImportOptions(captured_at=CAPTURED)


def load(relative: str):
    return json.loads(shared_file(relative).read_text(encoding="utf-8"))


def videos_of(batch):
    return {v.tiktok_id: (o.creator, v) for o in batch.observations for v in o.videos}


def tags(values) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.lower() for v in values if v))


def csv_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def flatten_all(value, separator: str, prefix: str = "", out=None) -> dict:
    """Apify's CSV export: objects and arrays flattened (``authorMeta/fans``, ``hashtags/0/name``)."""
    out = {} if out is None else out
    if isinstance(value, dict | list):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            flatten_all(item, separator, f"{prefix}{separator}{key}" if prefix else str(key), out)
    else:
        out[prefix] = csv_value(value)
    return out


def flatten_objects(value: dict, prefix: str = "", out=None) -> dict:
    """json2csv ``{flatten: true}`` as drawrowfly uses it: objects flattened with dots, arrays as JSON."""
    out = {} if out is None else out
    for key, item in value.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(item, dict):
            flatten_objects(item, name, out)
        else:
            out[name] = json.dumps(item, ensure_ascii=False) if isinstance(item, list) else csv_value(item)
    return out


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def union(rows: list[dict]) -> list[str]:
    return list(dict.fromkeys(k for row in rows for k in row))


# --- drawrowfly/tiktok-scraper ---------------------------------------------------------------------------


def test_drawrowfly_trending_json_matches_collector():
    collector = load(TRENDING)["collector"]
    batch = read_file(shared_file(TRENDING), OPTIONS)
    assert batch.format == "drawrowfly-json"
    assert batch.rows_read == len(collector) and batch.skipped == []
    assert batch.videos == len({item["id"] for item in collector})
    assert len(batch.observations) == len({item["authorMeta"]["name"].lower() for item in collector})
    videos = videos_of(batch)
    for item in collector:
        creator, video = videos[item["id"]]
        assert creator.handle == item["authorMeta"]["name"].lower()
        assert creator.tiktok_id == item["authorMeta"]["id"]
        assert creator.stats.followers is None  # this export holds no follower counts
        assert video.posted_at == datetime.fromtimestamp(item["createTime"], UTC)
        assert video.stats.as_tuple() == (
            item["playCount"],
            item["diggCount"],
            item["commentCount"],
            item["shareCount"],
            None,
        )
        assert video.duration_s == item["videoMeta"]["duration"]
        assert video.hashtags == tags(h["name"] for h in item["hashtags"])
        assert video.sound.tiktok_id == item["musicMeta"]["musicId"]
        assert video.sound.title == (item["musicMeta"]["musicName"].strip() or None)
        assert video.sound.original is item["musicMeta"]["musicOriginal"]
    assert batch.notes == []


def test_drawrowfly_csv_imports_same_records_as_its_json(tmp_path):
    collector = load(TRENDING)["collector"]
    rows = [flatten_objects(item) for item in collector]
    path = write_csv(tmp_path / "trend_1608566400.csv", rows, union(rows))
    from_csv = read_file(path, OPTIONS)
    assert from_csv.format == "drawrowfly-csv"
    assert from_csv.skipped == []
    assert from_csv.observations == read_file(shared_file(TRENDING), OPTIONS).observations
    assert not any(n.startswith("unrecognized") for n in from_csv.notes)


# --- Apify TikTok Scraper --------------------------------------------------------------------------------


def test_apify_json_matches_items():
    items = load(APIFY)
    batch = read_file(shared_file(APIFY), OPTIONS)
    assert batch.format == "apify-json"
    assert batch.rows_read == len(items) and batch.skipped == []
    videos = videos_of(batch)
    assert set(videos) == {item["id"] for item in items}
    for item in items:
        creator, video = videos[item["id"]]
        assert creator.handle == item["authorMeta"]["name"].lower()
        assert video.posted_at == datetime.fromisoformat(item["createTimeISO"])
        assert video.stats.as_tuple() == (
            item["playCount"],
            item["diggCount"],
            item["commentCount"],
            item["shareCount"],
            item.get("collectCount"),
        )
        assert video.duration_s == item["videoMeta"]["duration"]
        assert video.hashtags == tags(h["name"] for h in item["hashtags"])
        assert video.caption == (item["text"].strip() or None)
        assert video.sound.tiktok_id == item["musicMeta"]["musicId"]
        assert video.is_photo is item["isSlideshow"]
        assert video.is_ad is item.get("isAd")
    latest = items[-1]["authorMeta"]  # each item repeats the author; the later item's figures win
    (observation,) = batch.observations
    stats = observation.creator.stats
    assert (stats.followers, stats.following, stats.likes, stats.video_count) == (
        latest["fans"],
        latest["following"],
        latest["heart"],
        latest["video"],
    )
    assert observation.creator.verified is latest["verified"]


@pytest.mark.parametrize("separator", ["/", "."])
@pytest.mark.parametrize("source", [APIFY, TRENDING])
def test_apify_csv_both_separators_import_same_records_as_json(tmp_path, source, separator):
    document = load(source)
    items = document["collector"] if isinstance(document, dict) else document
    rows = [flatten_all(item, separator) for item in items]
    path = write_csv(tmp_path / "dataset_tiktok-scraper.csv", rows, sorted(union(rows)))
    from_csv = read_file(path, OPTIONS)
    assert from_csv.format == "apify-csv"
    assert from_csv.skipped == [] and from_csv.rows_read == len(items)
    assert from_csv.observations == read_file(shared_file(source), OPTIONS).observations
    assert not any(n.startswith(("unrecognized", "ambiguous")) for n in from_csv.notes)


# --- TikTok's own web JSON ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["neovolkov_2025-10_api_post_item_list.json", "neovolkov_2025-10_api_user_popular_posts.json"]
)
def test_web_item_list_wrapped_in_data_matches_items(name):
    response = load(f"{FIXTURES}/{name}")["data"]
    batch = read_file(shared_file(f"{FIXTURES}/{name}"))
    assert batch.format == "tiktok-web-json" and batch.skipped == []
    assert batch.observations[0].captured_at == datetime.fromtimestamp(response["extra"]["now"] / 1000, UTC)
    videos = videos_of(batch)
    assert set(videos) == {item["id"] for item in response["itemList"]}
    for item in response["itemList"]:
        creator, video = videos[item["id"]]
        exact = item["statsV2"]
        assert video.stats.as_tuple() == tuple(
            int(exact[k]) for k in ("playCount", "diggCount", "commentCount", "shareCount", "collectCount")
        )
        assert video.posted_at == datetime.fromtimestamp(int(item["createTime"]), UTC)
        assert video.duration_s == item["video"]["duration"]
        assert video.hashtags == tags(t.get("hashtagName") for t in item["textExtra"])
        assert video.sound.tiktok_id == item["music"]["id"]
        assert video.sound.original is item["music"]["original"]
        assert video.is_pinned is item["isPinnedItem"] and video.is_ad is item["isAd"]
        assert video.is_photo is ("imagePost" in item)
        assert creator.handle == item["author"]["uniqueId"].lower()
        assert creator.sec_uid == item["author"]["secUid"]
        assert creator.stats.followers == int(item["authorStatsV2"]["followerCount"])


@pytest.mark.parametrize("name", ["neovolkov_2025-10_api_user_detail.json", "scrapfly_2026-01_profiles.json"])
def test_web_profiles_import_creator_with_exact_stats_and_no_videos(name):
    document = load(f"{FIXTURES}/{name}")
    profiles = [document["data"]["userInfo"]] if isinstance(document, dict) else document
    batch = read_file(shared_file(f"{FIXTURES}/{name}"), OPTIONS)
    assert batch.format == "tiktok-web-json" and batch.skipped == [] and batch.videos == 0
    assert len(batch.observations) == len(profiles)
    for observation, profile in zip(batch.observations, profiles, strict=True):
        user, exact = profile["user"], profile["statsV2"]
        creator = observation.creator
        assert (creator.handle, creator.tiktok_id, creator.nickname) == (
            user["uniqueId"].lower(),
            user["id"],
            user["nickname"],
        )
        assert (
            creator.stats.followers,
            creator.stats.following,
            creator.stats.likes,
            creator.stats.video_count,
        ) == tuple(int(exact[k]) for k in ("followerCount", "followingCount", "heartCount", "videoCount"))


def test_scrapfly_posts_reduced_items_match():
    (item,) = load(f"{FIXTURES}/scrapfly_2026-01_posts.json")
    batch = read_file(shared_file(f"{FIXTURES}/scrapfly_2026-01_posts.json"), OPTIONS)
    ((creator, video),) = videos_of(batch).values()
    assert video.tiktok_id == item["id"]
    assert video.posted_at == datetime.fromtimestamp(int(item["createTime"]), UTC)
    assert video.stats.as_tuple() == tuple(
        int(item["stats"][k])
        for k in ("playCount", "diggCount", "commentCount", "shareCount", "collectCount")
    )
    assert video.hashtags == tags(t["hashtagName"] for c in item["contents"] for t in c["textExtra"])
    assert creator.handle == item["author"]["uniqueId"].lower()
    assert creator.stats.followers is None


def test_scrapfly_channel_without_author_skips_every_row_with_reason():
    path = shared_file(f"{FIXTURES}/scrapfly_2026-01_channel.json")
    items = load(f"{FIXTURES}/scrapfly_2026-01_channel.json")
    batch = read_file(path, OPTIONS)
    assert batch.observations == []
    assert [s.row for s in batch.skipped] == list(range(1, len(items) + 1))
    assert all(s.reason == "the row names no author" for s in batch.skipped)
    assert any(n.option == "creator" for n in batch.notes)


def test_scrapfly_channel_with_creator_imports_every_video():
    path = shared_file(f"{FIXTURES}/scrapfly_2026-01_channel.json")
    items = load(f"{FIXTURES}/scrapfly_2026-01_channel.json")
    batch = read_file(path, ImportOptions(captured_at=CAPTURED, creator="@oddanimalspecimens"))
    assert batch.skipped == [] and [o.creator.handle for o in batch.observations] == ["oddanimalspecimens"]
    videos = videos_of(batch)
    assert set(videos) == {item["id"] for item in items}
    for item in items:
        _, video = videos[item["id"]]
        assert video.stats.views == item["stats"]["playCount"]
        assert video.stats.saves == item["stats"]["collectCount"]
        assert video.posted_at == datetime.fromtimestamp(item["createTime"], UTC)
        extras = [t for content in item["contents"] for t in content["textExtra"] or ()]
        assert video.hashtags == tags(t["hashtagName"] for t in extras)
        assert video.caption == (item["desc"].strip() or None)
    assert any("imported as @oddanimalspecimens, the author given" in n for n in batch.notes)


def test_scrapfly_comments_raise_not_supported():
    with pytest.raises(ImportFileError, match="comments are not supported"):
        read_file(shared_file(f"{FIXTURES}/scrapfly_2026-01_comments.json"))
