"""The data model: public TikTok data shared by all, and private per-user workspaces."""

from compass.models.auth import SignInTicket, UserSession
from compass.models.base import Base, utcnow
from compass.models.jobs import JobStatus, ScrapeJob
from compass.models.tiktok import (
    Creator,
    CreatorChange,
    Hashtag,
    ProfileSnapshot,
    Sound,
    Video,
    VideoHashtag,
    VideoStatSnapshot,
)
from compass.models.workspace import (
    AuditEntry,
    MemberSource,
    Niche,
    NicheDigest,
    NicheMember,
    NicheSeed,
    Recommendation,
    RecommendationStatus,
    SeedKind,
    User,
)

__all__ = [
    "AuditEntry",
    "Base",
    "Creator",
    "CreatorChange",
    "Hashtag",
    "JobStatus",
    "MemberSource",
    "Niche",
    "NicheDigest",
    "NicheMember",
    "NicheSeed",
    "ProfileSnapshot",
    "Recommendation",
    "RecommendationStatus",
    "ScrapeJob",
    "SeedKind",
    "SignInTicket",
    "Sound",
    "User",
    "UserSession",
    "Video",
    "VideoHashtag",
    "VideoStatSnapshot",
    "utcnow",
]
