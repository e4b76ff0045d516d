"""Ingest: one idempotent path from records into the database."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select, text

from compass.db import make_engine_for_url
from compass.ingest import ingest
from compass.models import Creator, Hashtag, ProfileSnapshot, Sound, Video, VideoHashtag, VideoStatSnapshot
from compass.records import CreatorRecord, Observation, ProfileStats, SoundRecord, VideoRecord, VideoStats

T0 = datetime(2025, 1, 1, tzinfo=UTC)
T1 = T0 + timedelta(days=1)


def video(vid: str, views: int | None = 100, **extra: object) -> VideoRecord:
    return VideoRecord(
        tiktok_id=vid,
        posted_at=datetime(2024, 12, 1, tzinfo=UTC),
        caption=extra.pop("caption", "hello #fyp"),  # type: ignore[arg-type]
        stats=VideoStats(views=views, likes=10 if views is not None else None),
        hashtags=extra.pop("hashtags", ("fyp",)),  # type: ignore[arg-type]
        sound=extra.pop("sound", SoundRecord(tiktok_id="7000000000000000001", title="beat")),  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )


def creator(
    handle: str = "alice", tiktok_id: str | None = "6800000000000000001", followers: int = 1000
) -> CreatorRecord:
    return CreatorRecord(
        handle=handle, tiktok_id=tiktok_id, nickname="Alice", stats=ProfileStats(followers=followers)
    )


def count(engine: Engine, model: type) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(model)).scalar_one()


VIDS = [f"74000000000000000{i:02d}" for i in range(10)]


def test_ingest_new_creator_adds_creator_videos_and_snapshots(engine: Engine) -> None:
    report = ingest(engine, [Observation(creator(), T0, tuple(video(v) for v in VIDS[:3]))])
    assert (report.creators_added, report.videos_added, report.video_snapshots) == (1, 3, 3)
    assert report.profile_snapshots == 1
    assert count(engine, Hashtag) == 1 and count(engine, VideoHashtag) == 3 and count(engine, Sound) == 1


def test_ingest_same_video_seen_twice_is_one_video_with_two_snapshots(engine: Engine) -> None:
    ingest(engine, [Observation(creator(), T0, (video(VIDS[0], views=100),))])
    report = ingest(engine, [Observation(creator(), T1, (video(VIDS[0], views=250),))])
    assert (report.videos_added, report.videos_updated, report.video_snapshots) == (0, 1, 1)
    assert count(engine, Video) == 1 and count(engine, VideoStatSnapshot) == 2
    with engine.connect() as connection:
        latest = connection.execute(select(Video.views, Video.stats_captured_at)).one()
    assert latest == (250, T1)


def test_ingest_same_observation_twice_changes_nothing(engine: Engine) -> None:
    observation = Observation(creator(), T0, tuple(video(v) for v in VIDS[:3]))
    ingest(engine, [observation])
    again = ingest(engine, [observation])
    assert (again.creators_added, again.creators_updated, again.videos_added, again.videos_updated) == (
        0,
        0,
        0,
        0,
    )
    assert again.videos_unchanged == 3 and again.video_snapshots == 0
    assert count(engine, VideoStatSnapshot) == 3 and count(engine, ProfileSnapshot) == 1


def test_ingest_older_observation_does_not_overwrite_latest_stats(engine: Engine) -> None:
    ingest(engine, [Observation(creator(), T1, (video(VIDS[0], views=500),))])
    ingest(engine, [Observation(creator(), T0, (video(VIDS[0], views=100),))])
    with engine.connect() as connection:
        assert connection.execute(select(Video.views)).scalar_one() == 500
    assert count(engine, VideoStatSnapshot) == 2


def test_ingest_renamed_handle_stays_the_same_creator(engine: Engine) -> None:
    ingest(engine, [Observation(creator("alice"), T0, (video(VIDS[0]),))])
    report = ingest(engine, [Observation(creator("alice.new"), T1, (video(VIDS[1]),))])
    assert report.creators_added == 0 and report.creators_updated == 1
    with engine.connect() as connection:
        assert connection.execute(select(Creator.handle)).scalars().all() == ["alice.new"]
    assert count(engine, Video) == 2


def test_ingest_handle_only_creator_is_adopted_when_its_id_appears(engine: Engine) -> None:
    ingest(engine, [Observation(creator(tiktok_id=None), T0, (video(VIDS[0]),))])
    ingest(engine, [Observation(creator(), T1, (video(VIDS[1]),))])
    with engine.connect() as connection:
        rows = connection.execute(select(Creator.handle, Creator.tiktok_id)).all()
    assert rows == [("alice", "6800000000000000001")]


def test_ingest_unknown_values_are_stored_as_null_not_zero(engine: Engine) -> None:
    ingest(engine, [Observation(CreatorRecord(handle="bob"), T0, (video(VIDS[0], views=None),))])
    with engine.connect() as connection:
        assert connection.execute(select(Video.views, Video.likes)).one() == (None, None)
        assert connection.execute(select(Creator.followers)).scalar_one() is None
    assert count(engine, VideoStatSnapshot) == 0 and count(engine, ProfileSnapshot) == 0


def test_ingest_sounds_without_id_are_matched_by_title_and_author(engine: Engine) -> None:
    song = SoundRecord(title="original sound", author=None)
    ingest(engine, [Observation(creator(), T0, (video(VIDS[0], sound=song),))])
    ingest(engine, [Observation(creator(), T1, (video(VIDS[1], sound=song),))])
    assert count(engine, Sound) == 1


def test_ingest_large_batch_splits_into_transactions_and_keeps_every_video(engine: Engine) -> None:
    many = tuple(video(f"7400000000{i:09d}") for i in range(2500))
    report = ingest(engine, [Observation(creator(), T0, many)], batch_videos=1000)
    assert report.videos_added == 2500 and count(engine, Video) == 2500


def _ingest_in_process(url: str, start: int) -> None:
    engine = make_engine_for_url(url, "test")
    videos = tuple(video(f"7400000000{i:09d}", views=start + i) for i in range(300))
    for round_ in range(3):
        ingest(
            engine,
            [Observation(creator("race", tiktok_id=None), T0 + timedelta(hours=round_), videos)],
            batch_videos=100,
        )
    engine.dispose()


@pytest.mark.postgres
def test_ingest_two_processes_same_creator_at_once_store_one_creator_and_each_video_once(
    pg_engine: Engine, postgres_url: str
) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_ingest_in_process, args=(postgres_url, n)) for n in (0, 1000)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    assert count(pg_engine, Creator) == 1
    assert count(pg_engine, Video) == 300
    with pg_engine.connect() as connection:
        duplicates = connection.execute(
            select(VideoStatSnapshot.video_id, VideoStatSnapshot.captured_at)
            .group_by(VideoStatSnapshot.video_id, VideoStatSnapshot.captured_at)
            .having(func.count() > 1)
        ).all()
    assert duplicates == []


def test_ingest_two_sources_at_the_same_moment_merge_and_the_later_one_wins(engine: Engine) -> None:
    """Two exports stamped with the same capture time (files written in the same second)."""
    table = CreatorRecord(handle="star", stats=ProfileStats(followers=78_900_000))
    videos_file = CreatorRecord(handle="star", stats=ProfileStats(followers=97_400_000, likes=7_600_000_000))
    ingest(
        engine,
        [Observation(table, T0), Observation(videos_file, T0, (video(VIDS[0], views=100),))],
        batch_videos=1,
    )
    ingest(engine, [Observation(videos_file, T0, (video(VIDS[0], views=120),))])
    with engine.connect() as connection:
        assert connection.execute(select(Creator.followers, Creator.likes)).one() == (
            97_400_000,
            7_600_000_000,
        )
        snapshot = connection.execute(select(ProfileSnapshot.followers, ProfileSnapshot.likes)).one()
        assert snapshot == (97_400_000, 7_600_000_000)
        assert connection.execute(select(Video.views)).scalar_one() == 120
        assert connection.execute(select(VideoStatSnapshot.views)).scalar_one() == 120


def test_ingest_a_video_seen_twice_at_one_moment_in_one_batch_is_one_snapshot(engine: Engine) -> None:
    """Once counted as two snapshots on SQLite, which updated the row it had just inserted."""
    first, later = video(VIDS[0], views=100), video(VIDS[0], views=120)
    report = ingest(engine, [Observation(creator(), T0, (first,)), Observation(creator(), T0, (later,))])
    assert (report.videos_added, report.video_snapshots) == (1, 1)
    with engine.connect() as connection:
        assert connection.execute(select(VideoStatSnapshot.views)).scalar_one() == 120


def test_ingest_two_sources_at_one_moment_in_one_batch_merge_what_each_knows(engine: Engine) -> None:
    """Merged across batches, but within one batch PostgreSQL once kept the later row whole, losing
    the likes only the earlier source knew."""
    with_likes = video(VIDS[0], views=100)
    views_only = VideoRecord(VIDS[0], datetime(2024, 12, 1, tzinfo=UTC), stats=VideoStats(views=120))
    ingest(engine, [Observation(creator(), T0, (with_likes,)), Observation(creator(), T0, (views_only,))])
    with engine.connect() as connection:
        snapshot = connection.execute(select(VideoStatSnapshot.views, VideoStatSnapshot.likes)).one()
    assert snapshot == (120, 10)


def test_import_the_database_refuses_halfway_writes_nothing_of_that_file(  # type: ignore[no-untyped-def]
    engine: Engine, tmp_path
) -> None:
    """A real failure seen in use: a 12k-row CSV whose last row holds a NUL byte committed 9,830
    videos, and new stat snapshots of videos imported before, in batches of 5,000. The bounds now
    clean NUL before the database sees it, so here a constraint (a trigger on SQLite) refuses the
    last row's caption."""
    from pathlib import Path

    from compass.errors import CompassError
    from compass.importers import ImportOptions
    from compass.ingest.files import import_files

    def write(name: str, rows: list[str]) -> Path:
        path = tmp_path / name
        header = "id,create_time,user_name,n_plays,n_likes,text\n"
        path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
        return path

    ids = [str(7_000_000_000_000_000_000 + n) for n in range(6_000)]
    earlier = write("earlier.csv", [f"{i},1600000000,alice,100,10,hello" for i in ids[:42]])
    options = ImportOptions(captured_at=datetime(2025, 1, 1, tzinfo=UTC))
    import_files(engine, [earlier], options)
    rows = [f"{i},1600000000,alice,200,20,hello" for i in ids[:-1]]
    rows.append(f"{ids[-1]},1600000000,alice,1,1,refused")
    later = write("later.csv", rows)

    def counts() -> tuple[int, int]:
        with engine.connect() as connection:
            return (
                connection.execute(select(func.count()).select_from(Video)).scalar_one(),
                connection.execute(select(func.count()).select_from(VideoStatSnapshot)).scalar_one(),
            )

    before = counts()
    sqlite = engine.dialect.name == "sqlite"
    refuse, allow = (
        (
            "CREATE TRIGGER refuses BEFORE INSERT ON videos WHEN NEW.caption = 'refused' "
            "BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END",
            "DROP TRIGGER refuses",
        )
        if sqlite
        else (
            "ALTER TABLE videos ADD CONSTRAINT refuses CHECK (caption <> 'refused')",
            "ALTER TABLE videos DROP CONSTRAINT refuses",
        )
    )
    with engine.begin() as connection:
        connection.execute(text(refuse))
    try:
        with pytest.raises(CompassError) as raised:
            import_files(engine, [later], ImportOptions(captured_at=datetime(2025, 2, 1, tzinfo=UTC)))
    finally:
        with engine.begin() as connection:
            connection.execute(text(allow))
    message = str(raised.value)
    assert "later.csv: the database refused a value" in message and "nothing from this file" in message
    assert "\n" not in message
    assert counts() == before == (42, 42)
