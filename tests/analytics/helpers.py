"""Small hand-made niches for analytics tests, and cached generated ones."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from compass.analytics.frame import NicheFrame, frame_from_observations
from compass.records import CreatorRecord, Observation, ProfileStats, SoundRecord, VideoRecord, VideoStats
from compass.synthetic import NicheSpec, iter_niche

T0 = datetime(2024, 1, 1, tzinfo=UTC)  # a Monday
CAPTURED = datetime(2024, 7, 1, tzinfo=UTC)
_seq = iter(range(1, 10**9))


def video(
    posted: datetime,
    views: int | None,
    *,
    likes: int | None = 0,
    comments: int | None = 0,
    shares: int | None = 0,
    saves: int | None = 0,
    duration: int | None = 30,
    caption: str | None = "Hello",
    hashtags: Sequence[str] = (),
    sound: SoundRecord | None = None,
    is_photo: bool = False,
) -> VideoRecord:
    tiktok_id = str((int(posted.timestamp()) << 32) | next(_seq))
    return VideoRecord(
        tiktok_id=tiktok_id,
        posted_at=posted,
        caption=caption,
        duration_s=None if is_photo else duration,
        stats=VideoStats(views, likes, comments, shares, saves),
        hashtags=tuple(hashtags),
        sound=sound,
        is_photo=is_photo,
    )


def observation(
    handle: str,
    videos: Sequence[VideoRecord],
    *,
    followers: int | None = 1000,
    captured: datetime = CAPTURED,
    video_count: int | None = None,
) -> Observation:
    return Observation(
        CreatorRecord(handle=handle, stats=ProfileStats(followers=followers, video_count=video_count)),
        captured,
        tuple(videos),
        source="test",
    )


def daily(start: datetime, days: int, views: int = 1000, **kwargs: object) -> list[VideoRecord]:
    """One video a day at the same time, all with the same views."""
    return [video(start + timedelta(days=i), views, **kwargs) for i in range(days)]  # type: ignore[arg-type]


_CACHE: dict[str, NicheFrame] = {}


def generated(spec: NicheSpec) -> NicheFrame:
    """The frame of a generated niche, built once per test session."""
    key = repr(spec)
    if key not in _CACHE:
        _CACHE[key] = frame_from_observations(iter_niche(spec, spec.end))
    return _CACHE[key]
