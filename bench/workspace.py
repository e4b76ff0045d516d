"""The large workspace the page and re-analysis benchmarks share: one niche of the local user holding
every generated creator as a member (as the demo does), the user's own handle a small creator of it, in a
PostgreSQL database that a --keep run leaves for later runs; and what lands when a creator is scraped
again."""

from __future__ import annotations

import argparse
import os
import time
from datetime import UTC, datetime, timedelta

from common import ROOT  # noqa: F401 - sets sys.path
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from compass.db import make_engine_for_url
from compass.demo import DEMO_EFFECTS
from compass.ingest import ingest
from compass.migrations import upgrade
from compass.models import Creator, MemberSource, Niche, NicheMember, NicheSeed, SeedKind, User, Video
from compass.records import CreatorRecord, Observation, ProfileStats, VideoRecord, VideoStats
from compass.synthetic import NicheSpec, iter_niche
from compass.workspace.users import local_user
from tests.support.postgres import admin_url, create_database

NICHE_NAME = "Bench: fitness"
CAPTURED_AT = datetime(2025, 6, 1, tzinfo=UTC)


def add_workspace_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--creators", type=int, default=2000)
    parser.add_argument("--videos", type=int, default=600_000)
    parser.add_argument("--database-url", help="reuse this database (loaded by a --keep run)")
    parser.add_argument("--keep", action="store_true", help="keep the new database (its URL is printed)")


def new_database(keep: bool) -> str:
    return create_database(
        os.environ.get("BENCH_DATABASE_URL") or admin_url(), "compass_bench_pages", keep=keep
    )


def load_workspace(url: str, creators: int, videos: int) -> str:
    """Generates and ingests the niche (unless it is there); returns the user's own handle."""
    engine = make_engine_for_url(url, "bench")
    upgrade(engine)
    user = local_user(engine)
    with Session(engine) as session:
        niche = session.scalars(
            select(Niche).where(Niche.user_id == user.id, Niche.name == NICHE_NAME)
        ).first()
        if niche is not None:
            n_videos = session.scalar(select(func.count()).select_from(Video))
            print(f"reusing the workspace: {len(niche.members):,} creators, {n_videos:,} videos")
            own = session.get_one(User, user.id).own_handle
            engine.dispose()
            assert own
            return own
    per_creator = max(1, round(videos / creators))
    spec = NicheSpec(
        name="fitness",
        n_creators=creators,
        videos_per_creator=(per_creator, per_creator),
        start=CAPTURED_AT - timedelta(days=365),
        end=CAPTURED_AT,
        seed=7,
        effects=DEMO_EFFECTS,  # the demo's planted effects: insights to find
    )
    print(
        f"generating and ingesting {creators:,} creators x {per_creator} videos "
        f"= {creators * per_creator:,} videos"
    )
    start = time.perf_counter()
    handles: list[tuple[str, int]] = []
    done = 0

    def observed():  # type: ignore[no-untyped-def]
        nonlocal done
        for observation in iter_niche(spec, CAPTURED_AT):
            handles.append((observation.creator.handle, observation.creator.stats.followers or 0))
            done += len(observation.videos)
            if len(handles) % 100 == 0:
                rate = done / (time.perf_counter() - start)
                print(f"  {len(handles):>6,} creators  {done:>9,} videos  {rate:,.0f} videos/s", flush=True)
            yield observation

    report = ingest(engine, observed(), batch_videos=20_000)
    print(f"ingested {report.videos_added:,} videos in {time.perf_counter() - start:.0f} s")
    by_followers = sorted(handles, key=lambda h: h[1])
    own = by_followers[len(by_followers) // 5][0]
    with Session(engine) as session, session.begin():
        row = session.get_one(User, user.id)
        row.own_handle = own
        niche = Niche(user_id=user.id, name=NICHE_NAME, is_demo=False)
        niche.seeds = [
            NicheSeed(kind=SeedKind.HANDLE, value=own),
            NicheSeed(kind=SeedKind.HANDLE, value=by_followers[-1][0]),
        ]
        ids = session.scalars(select(Creator.id).where(Creator.handle.in_([h for h, _ in handles]))).all()
        niche.members = [
            NicheMember(creator_id=cid, source=MemberSource.IMPORT, reason="benchmark creator") for cid in ids
        ]
        session.add(niche)
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    engine.dispose()
    return own


def land_new_data(url: str) -> float:
    """One creator of the niche scraped again (``scrape_one_again``), then the niche's analysis run as the
    scheduler would: every cached read of the app misses on the next visit. Returns the analysis' seconds."""
    scrape_one_again(url)
    return analyze_niche(url)


def scrape_one_again(url: str) -> str:
    """What a scrape of one creator lands, a day after its latest: a profile snapshot with more
    followers, new stats of each of its videos and one new video. New data however often it is called.
    Returns the creator's handle."""
    engine = make_engine_for_url(url, "bench")
    with Session(engine) as session:
        creator = session.scalars(select(Creator).order_by(Creator.id).limit(1)).one()
        videos = session.scalars(select(Video).where(Video.creator_id == creator.id)).all()
        seen = [
            VideoRecord(
                tiktok_id=video.tiktok_id,
                posted_at=video.posted_at,
                caption=video.caption,
                duration_s=video.duration_s,
                stats=VideoStats(
                    *(
                        None if v is None else v + 100
                        for v in (video.views, video.likes, video.comments, video.shares, video.saves)
                    )
                ),
            )
            for video in videos
        ]
        captured = (creator.stats_captured_at or CAPTURED_AT) + timedelta(days=1)
        new = VideoRecord(
            tiktok_id=str(8_000_000_000_000_000_000 + len(videos)),
            posted_at=captured - timedelta(hours=5),
            caption="a new video #fitness",
            duration_s=24,
            stats=VideoStats(50_000, 4_000, 120, 30, 300),
            hashtags=("fitness",),
        )
        record = CreatorRecord(
            handle=creator.handle, stats=ProfileStats(followers=(creator.followers or 0) + 1_000)
        )
    ingest(engine, [Observation(record, captured, (*seen, new), source="bench")])
    engine.dispose()
    return creator.handle


def analyze_niche(url: str) -> float:
    """The scheduler's "analyze.niche" job for the bench niche; returns its seconds."""
    from compass.reanalysis.compute import compute_digest
    from compass.workspace import list_niches

    engine = make_engine_for_url(url, "bench")
    user = local_user(engine)
    niche = list_niches(engine, user)[0]
    start = time.perf_counter()
    compute_digest(engine, user, niche.id)
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed
