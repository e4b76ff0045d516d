"""Normalized records: the one shape that importers and scrapers hand to ingest.

Every field the source does not hold is ``None``, never 0: an unknown view count is not zero
views. Mandatory fields (a video's id, its author, its time) are declared without defaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

_HANDLE_RE = re.compile(r"^[a-z0-9._]{1,64}$")
_VIDEO_ID_RE = re.compile(r"^[0-9]{15,20}$")  # ASCII only: ``\d`` would take full-width digits
_MAX_VIDEO_ID = str(2**64 - 1)


def normalize_handle(raw: str) -> str:
    """TikTok handles are case-insensitive; we store them lower-case without the ``@``."""
    handle = raw.strip().lstrip("@").strip().lower()
    if not _HANDLE_RE.match(handle):
        raise ValueError(f"not a TikTok handle: {raw!r}")
    return handle


def is_video_id(text: str) -> bool:
    """15 to 20 ASCII digits, at most 64 bits (equal-length digit strings compare as numbers)."""
    return _VIDEO_ID_RE.match(text) is not None and (len(text) < 20 or text <= _MAX_VIDEO_ID)


def posted_at_from_video_id(video_id: str) -> datetime:
    """A TikTok video id's top 32 bits are its upload time in unix seconds."""
    return datetime.fromtimestamp(int(video_id) >> 32, tz=UTC)


@dataclass(frozen=True, slots=True)
class SoundRecord:
    tiktok_id: str | None = None
    title: str | None = None
    author: str | None = None
    original: bool | None = None

    @property
    def is_empty(self) -> bool:
        return self.tiktok_id is None and not self.title


@dataclass(frozen=True, slots=True)
class ProfileStats:
    followers: int | None = None
    following: int | None = None
    likes: int | None = None
    video_count: int | None = None

    @property
    def is_empty(self) -> bool:
        return all(v is None for v in (self.followers, self.following, self.likes, self.video_count))


@dataclass(frozen=True, slots=True)
class CreatorRecord:
    """A TikTok account as one source saw it. ``handle`` is mandatory; the rest may be unknown."""

    handle: str
    tiktok_id: str | None = None
    sec_uid: str | None = None
    nickname: str | None = None
    bio: str | None = None
    verified: bool | None = None
    private: bool | None = None
    avatar_url: str | None = None
    stats: ProfileStats = field(default_factory=ProfileStats)


@dataclass(frozen=True, slots=True)
class VideoStats:
    views: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    saves: int | None = None

    def as_tuple(self) -> tuple[int | None, ...]:
        return (self.views, self.likes, self.comments, self.shares, self.saves)

    @property
    def is_empty(self) -> bool:
        return all(v is None for v in self.as_tuple())


@dataclass(frozen=True, slots=True)
class VideoRecord:
    tiktok_id: str
    posted_at: datetime
    caption: str | None = None
    duration_s: int | None = None
    stats: VideoStats = field(default_factory=VideoStats)
    hashtags: tuple[str, ...] = ()
    sound: SoundRecord | None = None
    is_pinned: bool | None = None
    is_ad: bool | None = None
    is_photo: bool | None = None
    cover_url: str | None = None

    def __post_init__(self) -> None:
        if not is_video_id(self.tiktok_id):
            raise ValueError(f"not a TikTok video id: {self.tiktok_id!r}")
        if self.posted_at.tzinfo is None:
            raise ValueError("posted_at must be timezone-aware (UTC)")


@dataclass(frozen=True, slots=True)
class Observation:
    """What one source saw of one creator at one moment: the profile and some of its videos.

    ``collected``: for a scrape, how many videos it collected (stored with the profile snapshot,
    against the count the profile shows); None for a source that does not list a profile."""

    creator: CreatorRecord
    captured_at: datetime
    videos: tuple[VideoRecord, ...] = ()
    source: str = "import"
    collected: int | None = None

    def __post_init__(self) -> None:
        if self.captured_at.tzinfo is None:
            raise ValueError("captured_at must be timezone-aware (UTC)")
