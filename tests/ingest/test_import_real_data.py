"""Every real dataset and export imports into the database with the counts it holds; twice adds nothing."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime

from sqlalchemy import Engine, func, select

from compass.importers import ImportOptions
from compass.ingest.files import import_files
from compass.models import Creator, Video
from tests.conftest import shared_file

CAPTURED = datetime(2021, 9, 1, tzinfo=UTC)  # after the last of the datasets was scraped
EXPORTS_CAPTURED = datetime(2026, 11, 1, tzinfo=UTC)  # after the newest of the captured exports


def _ids_in_csv(path, column: str) -> set[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[column] for row in csv.DictReader(handle)}


def expected_video_ids() -> set[str]:
    """An independent reading of every video id under ../shared/data."""
    data = shared_file("data")
    ids: set[str] = set()
    for path in (data / "datares_TikTok_Famous").glob("*vids*.csv"):
        ids |= _ids_in_csv(path, "id")
    for path in (data / "santaclara_mit_tiktokapi").glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        if "video_id" in header:
            ids |= _ids_in_csv(path, "video_id")
    trending = json.loads((data / "kaggle_trending_dec2020_BlaiseComo" / "trending.json").read_text())
    ids |= {item["id"] for item in trending["collector"]}
    return ids


def counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as connection:
        return (
            connection.execute(select(func.count()).select_from(Video)).scalar_one(),
            connection.execute(select(func.count()).select_from(Creator)).scalar_one(),
        )


def test_every_real_dataset_imports_every_video_once_and_twice_adds_none(engine: Engine) -> None:
    data = shared_file("data")
    folders = [p for p in sorted(data.iterdir()) if p.is_dir()]
    first = import_files(engine, folders, ImportOptions(captured_at=CAPTURED))
    expected = expected_video_ids()
    videos, creators = counts(engine)
    assert first.report.videos_added == videos == len(expected)
    with engine.connect() as connection:
        stored = set(connection.execute(select(Video.tiktok_id)).scalars())
    assert stored == expected
    assert not first.report.skipped

    second = import_files(engine, folders, ImportOptions(captured_at=CAPTURED))
    assert second.report.videos_added == 0 and second.report.creators_added == 0
    assert counts(engine) == (videos, creators)


def test_export_fixtures_import_with_their_counts(engine: Engine) -> None:
    fixtures = shared_file("fixtures/tiktok")
    exports = {
        "pochyn_2023-09_apify_clockworks_profile_taylorswift.json": 5,
        "neovolkov_2025-10_api_post_item_list.json": 1,
        "neovolkov_2025-10_api_user_popular_posts.json": 1,
        "neovolkov_2025-10_api_user_detail.json": 0,
        "scrapfly_2026-01_profiles.json": 0,
        "scrapfly_2026-01_posts.json": 1,
    }
    paths = [fixtures / name for name in exports]
    summary = import_files(engine, paths, ImportOptions(captured_at=EXPORTS_CAPTURED))
    assert [f.videos_added for f in summary.files] == list(exports.values())
    channel = import_files(
        engine,
        [fixtures / "scrapfly_2026-01_channel.json"],
        ImportOptions(captured_at=EXPORTS_CAPTURED, creator="@oddanimalspecimens"),
    )
    assert channel.report.videos_added == 53
    with engine.connect() as connection:
        followers = connection.execute(
            select(Creator.followers).where(Creator.handle == "oddanimalspecimens")
        ).scalar_one()
    assert followers == 4001943  # the exact statsV2 value of the profiles export, not the rounded 4.0M
