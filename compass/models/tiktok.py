"""Public TikTok data: stored once and shared by every workspace."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from compass.models.base import Base, BigId, UTCDateTime, utcnow


class Creator(Base):
    """A TikTok account, keyed by its TikTok id when known; the handle can change."""

    __tablename__ = "creators"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tiktok_id: Mapped[str | None] = mapped_column(String(32), unique=True)
    sec_uid: Mapped[str | None] = mapped_column(String(128), unique=True)
    handle: Mapped[str] = mapped_column(String(64), index=True)
    nickname: Mapped[str | None] = mapped_column(String(255))
    bio: Mapped[str | None] = mapped_column(Text)
    verified: Mapped[bool | None] = mapped_column(Boolean)
    private: Mapped[bool | None] = mapped_column(Boolean)
    avatar_url: Mapped[str | None] = mapped_column(Text)
    # The latest profile snapshot, kept here so that niche aggregates need no per-creator lookup.
    followers: Mapped[int | None] = mapped_column(BigInteger)
    following: Mapped[int | None] = mapped_column(BigInteger)
    likes: Mapped[int | None] = mapped_column(BigInteger)
    video_count: Mapped[int | None] = mapped_column(BigInteger)
    stats_captured_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_scraped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    snapshots: Mapped[list[ProfileSnapshot]] = relationship(back_populates="creator", passive_deletes=True)
    videos: Mapped[list[Video]] = relationship(back_populates="creator", passive_deletes=True)


class ProfileSnapshot(Base):
    __tablename__ = "profile_snapshots"
    __table_args__ = (UniqueConstraint("creator_id", "captured_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id", ondelete="CASCADE"))
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime)
    followers: Mapped[int | None] = mapped_column(BigInteger)
    following: Mapped[int | None] = mapped_column(BigInteger)
    likes: Mapped[int | None] = mapped_column(BigInteger)
    video_count: Mapped[int | None] = mapped_column(BigInteger)
    # For a scrape: how many videos it collected, against ``video_count`` (the profile's own count).
    videos_collected: Mapped[int | None] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(64))

    creator: Mapped[Creator] = relationship(back_populates="snapshots")


class Sound(Base):
    """A TikTok sound. Sounds known only by title (some exports) have no TikTok id."""

    __tablename__ = "sounds"
    __table_args__ = (Index("ix_sounds_title_author", "title", "author"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tiktok_id: Mapped[str | None] = mapped_column(String(32), unique=True)
    title: Mapped[str | None] = mapped_column(String(512))
    author: Mapped[str | None] = mapped_column(String(255))
    original: Mapped[bool | None] = mapped_column(Boolean)


class Video(Base):
    __tablename__ = "videos"
    __table_args__ = (
        Index("ix_videos_creator_posted", "creator_id", "posted_at"),
        Index("ix_videos_sound_posted", "sound_id", "posted_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tiktok_id: Mapped[str] = mapped_column(String(32), unique=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id", ondelete="CASCADE"))
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    caption: Mapped[str | None] = mapped_column(Text)
    duration_s: Mapped[int | None] = mapped_column(Integer)
    sound_id: Mapped[int | None] = mapped_column(ForeignKey("sounds.id", ondelete="SET NULL"))
    is_pinned: Mapped[bool | None] = mapped_column(Boolean)
    is_ad: Mapped[bool | None] = mapped_column(Boolean)
    is_photo: Mapped[bool | None] = mapped_column(Boolean)
    cover_url: Mapped[str | None] = mapped_column(Text)
    # The latest stat snapshot, kept here so that niche aggregates scan one table.
    views: Mapped[int | None] = mapped_column(BigInteger)
    likes: Mapped[int | None] = mapped_column(BigInteger)
    comments: Mapped[int | None] = mapped_column(BigInteger)
    shares: Mapped[int | None] = mapped_column(BigInteger)
    saves: Mapped[int | None] = mapped_column(BigInteger)
    stats_captured_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    creator: Mapped[Creator] = relationship(back_populates="videos")
    sound: Mapped[Sound | None] = relationship()
    stat_snapshots: Mapped[list[VideoStatSnapshot]] = relationship(
        back_populates="video", passive_deletes=True
    )
    hashtags: Mapped[list[Hashtag]] = relationship(secondary="video_hashtags", viewonly=True)


class VideoStatSnapshot(Base):
    __tablename__ = "video_stat_snapshots"
    __table_args__ = (UniqueConstraint("video_id", "captured_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    video_id: Mapped[int] = mapped_column(ForeignKey("videos.id", ondelete="CASCADE"))
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime)
    views: Mapped[int | None] = mapped_column(BigInteger)
    likes: Mapped[int | None] = mapped_column(BigInteger)
    comments: Mapped[int | None] = mapped_column(BigInteger)
    shares: Mapped[int | None] = mapped_column(BigInteger)
    saves: Mapped[int | None] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(64))

    video: Mapped[Video] = relationship(back_populates="stat_snapshots")


class Hashtag(Base):
    __tablename__ = "hashtags"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)


class VideoHashtag(Base):
    __tablename__ = "video_hashtags"

    video_id: Mapped[int] = mapped_column(ForeignKey("videos.id", ondelete="CASCADE"), primary_key=True)
    hashtag_id: Mapped[int] = mapped_column(
        ForeignKey("hashtags.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CreatorChange(Base):
    """An ingest transaction changed this creator's stored data: a row, a snapshot, a video or its links.
    Only ever added, with ids in commit order (``ingest.changes``): what re-analysis reads to know which
    creators have new data since it last looked."""

    __tablename__ = "creator_changes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    creator_id: Mapped[int] = mapped_column(ForeignKey("creators.id", ondelete="CASCADE"), index=True)
