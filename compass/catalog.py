"""Public reads: what the database holds, and one creator as the Creator page shows it.

Public data: no user is needed to read any of it. ``data_version`` changes whenever new data lands and
is the app's cache key; ``database_status`` gives the figures behind `db status` and the empty states.
Views relative to a creator's own median are computed over that creator's videos only (hundreds of
rows, never the whole table).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import Engine, func, select

from compass.analytics.definitions import THIN_COVERAGE, engagement_rate, is_outlier
from compass.models import (
    Creator,
    Hashtag,
    JobStatus,
    NicheMember,
    ProfileSnapshot,
    ScrapeJob,
    Sound,
    User,
    Video,
    VideoHashtag,
    VideoStatSnapshot,
)
from compass.records import normalize_handle

VIDEO_COLUMNS = [
    "tiktok_id",
    "posted_at",
    "caption",
    "views",
    "likes",
    "comments",
    "shares",
    "saves",
    "duration_s",
    "sound",
    "original_sound",
    "is_photo",
    "is_pinned",
    "cover_url",
    "hashtags",
]


@dataclass(frozen=True)
class CreatorProfile:
    id: int
    handle: str
    nickname: str | None
    bio: str | None
    verified: bool | None
    private: bool | None
    avatar_url: str | None
    followers: int | None
    following: int | None
    likes: int | None
    video_count: int | None
    videos_stored: int
    is_demo: bool
    stats_captured_at: datetime | None
    last_scraped_at: datetime | None

    @property
    def url(self) -> str:
        return f"https://www.tiktok.com/@{self.handle}"

    @property
    def coverage(self) -> float | None:
        """Videos stored / videos the profile shows (None when it shows none)."""
        return self.videos_stored / self.video_count if self.video_count else None

    @property
    def thinly_covered(self) -> bool:
        return self.coverage is not None and self.coverage < THIN_COVERAGE

    @property
    def collected_text(self) -> str:
        return collected_of(self.videos_stored, self.video_count)


def collected_of(collected: object, expected: object) -> str:
    """ "412 of 927" (videos collected of those the profile shows), or "412" when it shows none."""
    if collected is None or collected is pd.NA or (isinstance(collected, float) and collected != collected):
        return ""
    known = (
        expected is not None
        and expected is not pd.NA
        and not (isinstance(expected, float) and expected != expected)
    )
    return (
        f"{int(collected):,} of {int(expected):,}" if known and int(expected) > 0 else f"{int(collected):,}"
    )


def find_creator(engine: Engine, handle: str) -> CreatorProfile | None:
    try:
        key = normalize_handle(handle)
    except ValueError:
        return None
    with engine.connect() as connection:
        row = connection.execute(
            select(Creator).where(Creator.handle == key).order_by(Creator.last_seen_at.desc()).limit(1)
        ).first()
        if row is None:
            return None
        stored = connection.execute(select(func.count()).where(Video.creator_id == row.id)).scalar_one()
    return CreatorProfile(
        row.id,
        row.handle,
        row.nickname,
        row.bio,
        row.verified,
        row.private,
        row.avatar_url,
        row.followers,
        row.following,
        row.likes,
        row.video_count,
        int(stored),
        row.is_demo,
        row.stats_captured_at,
        row.last_scraped_at,
    )


def follower_history(engine: Engine, creator_id: int) -> pd.DataFrame:
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                ProfileSnapshot.captured_at,
                ProfileSnapshot.followers,
                ProfileSnapshot.likes,
                ProfileSnapshot.video_count,
            )
            .where(ProfileSnapshot.creator_id == creator_id)
            .order_by(ProfileSnapshot.captured_at)
        ).all()
    return pd.DataFrame(rows, columns=["captured_at", "followers", "likes", "video_count"])


def creator_videos(engine: Engine, creator_id: int) -> pd.DataFrame:
    """Every stored video of the creator, newest first, with engagement and views relative to its median."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                Video.id,
                Video.tiktok_id,
                Video.posted_at,
                Video.caption,
                Video.views,
                Video.likes,
                Video.comments,
                Video.shares,
                Video.saves,
                Video.duration_s,
                Sound.title,
                Sound.original,
                Video.is_photo,
                Video.is_pinned,
                Video.cover_url,
            )
            .outerjoin(Sound, Sound.id == Video.sound_id)
            .where(Video.creator_id == creator_id)
            .order_by(Video.posted_at.desc())
        ).all()
        tags = connection.execute(
            select(VideoHashtag.video_id, Hashtag.name)
            .join(Hashtag, Hashtag.id == VideoHashtag.hashtag_id)
            .join(Video, Video.id == VideoHashtag.video_id)
            .where(Video.creator_id == creator_id)
        ).all()
    frame = pd.DataFrame(rows, columns=["id", *VIDEO_COLUMNS[:-1]])
    by_video: dict[int, list[str]] = {}
    for video_id, name in tags:
        by_video.setdefault(video_id, []).append(name)
    frame["hashtags"] = [" ".join(f"#{t}" for t in sorted(by_video.get(v, []))) for v in frame["id"]]
    frame = frame.drop(columns=["id"])
    for column in ("views", "likes", "comments", "shares", "saves"):
        frame[column] = frame[column].astype("Float64")
    views = frame["views"].to_numpy(dtype=float, na_value=np.nan)
    counts = frame[["likes", "comments", "shares", "saves"]].to_numpy(dtype=float, na_value=np.nan)
    frame["engagement_rate"] = pd.array(engagement_rate(views, counts), dtype="Float64")
    median = frame["views"].median()
    relative = views / median if median and median > 0 else np.full(len(frame), np.nan)
    frame["relative_views"] = pd.array(relative, dtype="Float64")
    frame["outlier"] = is_outlier(relative)
    return frame


@dataclass(frozen=True)
class DatabaseStatus:
    users: int
    creators: int
    videos: int
    profile_snapshots: int
    video_snapshots: int
    jobs: dict[str, int] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return self.creators == 0 and self.videos == 0

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def database_status(engine: Engine) -> DatabaseStatus:
    with engine.connect() as connection:

        def count(model: type) -> int:
            return int(connection.execute(select(func.count()).select_from(model)).scalar_one())

        by_status = dict(
            connection.execute(select(ScrapeJob.status, func.count()).group_by(ScrapeJob.status)).all()
        )
        return DatabaseStatus(
            users=count(User),
            creators=count(Creator),
            videos=count(Video),
            profile_snapshots=count(ProfileSnapshot),
            video_snapshots=count(VideoStatSnapshot),
            jobs={status.value: int(by_status.get(status, 0)) for status in JobStatus},
        )


def data_version(engine: Engine) -> tuple[int, ...]:
    """Changes whenever new data lands (a snapshot, a video, a niche member): the app's cache key."""
    with engine.connect() as connection:
        return tuple(
            int(connection.execute(select(func.coalesce(aggregate, 0))).scalar_one())
            for aggregate in (
                select(func.max(VideoStatSnapshot.id)).scalar_subquery(),
                select(func.max(ProfileSnapshot.id)).scalar_subquery(),
                select(func.count()).select_from(NicheMember).scalar_subquery(),
                select(func.count()).where(NicheMember.excluded.is_(True)).scalar_subquery(),
            )
        )
