"""Scraping profiles in a real Chromium: exact stats, every video, permanent states not retried."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import Engine, func, select

from compass.models import Creator, ProfileSnapshot, Video, VideoStatSnapshot
from compass.scraper.outcomes import PermanentScrapeError
from compass.scraper.profiles import scrape_profile, scrape_video
from compass.scraper.run import store_scrape
from compass.tiktok.status import StatusKind
from tests.standin import StandIn, State
from tests.standin.fixtures import STANDIN_SEED

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("patient_first_page")
def test_scrape_large_profile_stores_exact_stats_and_every_video(
    standin: StandIn,
    session_for,
    pg_engine: Engine,  # type: ignore[no-untyped-def]
) -> None:
    member = next(m for m in standin.population.largest(40) if 500 <= m.videos <= 650)
    expected = standin.creator(member.handle)
    with session_for(standin) as session:
        scrape = scrape_profile(session, member.handle)
    assert scrape.complete and scrape.from_tiles == 0
    assert scrape.coverage.to_json() == {"collected": member.videos, "expected": member.videos}
    assert (
        scrape.from_page == standin.rules.wall_after
        and scrape.from_creator_list == member.videos - scrape.from_page
    )
    store_scrape(pg_engine, scrape)
    with pg_engine.connect() as connection:
        creator = connection.execute(select(Creator).where(Creator.handle == member.handle)).one()
        stored = {row.tiktok_id: row for row in connection.execute(select(Video))}
        snapshot = connection.execute(select(ProfileSnapshot)).one()
    assert (snapshot.videos_collected, snapshot.video_count) == (member.videos, member.videos)
    assert (creator.followers, creator.likes, creator.video_count) == (
        expected.creator.stats.followers,
        expected.creator.stats.likes,
        expected.creator.stats.video_count,
    )
    assert creator.last_scraped_at is not None
    assert set(stored) == {v.tiktok_id for v in expected.videos} and len(stored) >= 500
    for video in expected.videos:
        row = stored[video.tiktok_id]
        assert (row.views, row.likes, row.comments, row.shares, row.saves) == video.stats.as_tuple()
        assert row.posted_at == video.posted_at and row.duration_s == video.duration_s


def test_scrape_max_videos_stops_early_with_the_newest(standin: StandIn, session_for) -> None:  # type: ignore[no-untyped-def]
    member = standin.population.largest(1)[0]
    with session_for(standin) as session:
        scrape = scrape_profile(session, member.handle, max_videos=40)
    newest = sorted(standin.creator(member.handle).videos, key=lambda v: v.posted_at, reverse=True)[:40]
    assert [v.tiktok_id for v in scrape.observation.videos] == [v.tiktok_id for v in newest]


@pytest.mark.parametrize(
    ("state", "kind"), [(State.MISSING, StatusKind.NOT_FOUND), (State.BANNED, StatusKind.BANNED)]
)
def test_scrape_permanent_state_is_reported_and_not_retried(
    standin: StandIn,
    session_for,
    state: State,
    kind: StatusKind,  # type: ignore[no-untyped-def]
) -> None:
    member = standin.population.with_state(state)[0]
    with session_for(standin) as session, pytest.raises(PermanentScrapeError) as raised:
        scrape_profile(session, member.handle)
    assert raised.value.status is not None and raised.value.status.kind is kind
    assert session.stats.attempts["profile"] == 1


def test_scrape_private_account_keeps_its_profile_and_lists_no_video(standin: StandIn, session_for) -> None:  # type: ignore[no-untyped-def]
    member = standin.population.with_state(State.PRIVATE)[0]
    with session_for(standin) as session:
        scrape = scrape_profile(session, member.handle)
    assert scrape.status.kind is StatusKind.PRIVATE and scrape.videos == 0
    assert scrape.observation is not None and scrape.observation.creator.private
    assert session.stats.attempts["profile"] == 1


def test_browser_does_not_look_automated(standin: StandIn, session_for) -> None:  # type: ignore[no-untyped-def]
    with session_for(standin) as session:
        session.browser.load(standin.url + "/@" + standin.population.largest(1)[0].handle)
        webdriver, agent = session.browser.evaluate("return [navigator.webdriver, navigator.userAgent]")
    assert webdriver is False
    assert "HeadlessChrome" not in agent and "Chrome/" in agent


@pytest.mark.slow
def test_scrape_2026_with_20_percent_faults_stores_30_profiles_whole_and_no_row_twice(
    faulty_standin: StandIn,
    session_for,
    pg_engine: Engine,  # type: ignore[no-untyped-def]
) -> None:
    population = faulty_standin.population
    members = [m for m in population.with_state(State.OK) if 20 <= m.videos <= 120][:26]
    members += [m for m in population.largest(40) if m.videos >= 500][:4]
    assert any(faulty_standin.site.hides_sec_uid(m) for m in members)  # the secUid fallbacks are walked too
    whole = 0
    with session_for(faulty_standin) as session:
        for member in members:
            scrape = scrape_profile(session, member.handle)
            store_scrape(pg_engine, scrape)
            expected = {v.tiktok_id for v in faulty_standin.creator(member.handle).videos}
            collected = {v.tiktok_id for v in scrape.observation.videos}
            counted = scrape.coverage.to_json() == {"collected": member.videos, "expected": member.videos}
            whole += scrape.complete and collected == expected and counted
    assert whole / len(members) >= 0.99
    stats = faulty_standin.stats()
    assert stats["faults_total"] > 0 and stats["refused"] == {}  # nothing was asked unsigned or past the wall
    with pg_engine.connect() as connection:
        videos = connection.execute(select(func.count()).select_from(Video)).scalar_one()
        unique = connection.execute(select(func.count(func.distinct(Video.tiktok_id)))).scalar_one()
        snapshot_dupes = connection.execute(
            select(VideoStatSnapshot.video_id).group_by(VideoStatSnapshot.video_id).having(func.count() > 1)
        ).all()
        coverage = connection.execute(
            select(ProfileSnapshot.videos_collected, ProfileSnapshot.video_count)
        ).all()
    assert videos == unique == sum(m.videos for m in members)
    assert snapshot_dupes == [] and all(collected == count for collected, count in coverage)


@pytest.mark.slow
def test_scrape_under_the_default_2026_rules_slows_down_for_the_throttle_and_completes(
    session_for,  # type: ignore[no-untyped-def]
) -> None:
    with StandIn(seed=STANDIN_SEED) as tiktok:  # the wall, the rate and the cool-down as they are
        members = [m for m in tiktok.population.largest(40) if m.videos >= 500][:2]
        with session_for(tiktok) as session:
            scrapes = [scrape_profile(session, m.handle) for m in members]
        stats, url = tiktok.stats(), tiktok.url
    assert [s.complete for s in scrapes] == [True, True]
    assert [s.videos for s in scrapes] == [m.videos for m in members]
    assert stats["cooldowns"] >= 1  # it was throttled, and went on
    assert session.limiter.interval(url) >= 60 / tiktok.rules.api_calls_per_minute


def test_scrape_video_page_reads_the_exact_video_and_its_author(standin: StandIn, session_for) -> None:  # type: ignore[no-untyped-def]
    member = standin.population.largest(1)[0]
    expected = standin.creator(member.handle)
    wanted = expected.videos[5]
    with session_for(standin) as session:
        observation = scrape_video(session, member.handle, wanted.tiktok_id)
    assert observation.creator.handle == member.handle
    assert observation.creator.stats.followers == expected.creator.stats.followers
    (video,) = observation.videos
    assert (video.tiktok_id, video.stats, video.posted_at) == (
        wanted.tiktok_id,
        wanted.stats,
        wanted.posted_at,
    )


def test_scrape_unknown_video_is_not_found_and_not_retried(standin: StandIn, session_for) -> None:  # type: ignore[no-untyped-def]
    member = standin.population.largest(1)[0]
    with session_for(standin) as session, pytest.raises(PermanentScrapeError):
        scrape_video(session, member.handle, "7000000000000000001")
    assert session.stats.attempts["video"] == 1


def test_scrape_command_stores_the_profile_and_prints_a_summary(standin: StandIn, tmp_path) -> None:  # type: ignore[no-untyped-def]
    member = next(m for m in standin.population.with_state(State.OK) if 10 <= m.videos <= 40)
    env = {
        **os.environ,
        "COMPASS_DATA_DIR": str(tmp_path),
        "COMPASS_TIKTOK_URL": standin.url,
        "COMPASS_SCRAPE_INTERVAL": "0",
        "COMPASS_SCRAPE_DELAY": "0",
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "compass", "scrape", f"@{member.handle}", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["status"], summary["complete"], summary["videos"]) == ("ok", True, member.videos)
    assert summary["coverage"] == {"collected": member.videos, "expected": member.videos}
    assert summary["stored"]["videos"]["added"] == member.videos
    missing = subprocess.run(
        [
            sys.executable,
            "-m",
            "compass",
            "scrape",
            f"@{standin.population.with_state(State.MISSING)[0].handle}",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert missing.returncode == 1 and "is not on TikTok" in missing.stderr
    assert "Traceback" not in missing.stderr
