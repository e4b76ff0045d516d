"""Users' private workspaces: every row here belongs to exactly one user."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Enum,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from compass.models.base import Base, BigId, UTCDateTime, utcnow


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    # Stored as plain strings with a CHECK, so adding a member is a small migration on both databases.
    return Enum(cls, name=name, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])


class User(Base):
    """A person who signed in, keyed by (issuer, subject): an email can change owner, a sub cannot."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320))
    name: Mapped[str | None] = mapped_column(String(255))
    own_handle: Mapped[str | None] = mapped_column(String(64))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    niches: Mapped[list[Niche]] = relationship(back_populates="user", passive_deletes=True)


class SeedKind(enum.StrEnum):
    HANDLE = "handle"
    HASHTAG = "hashtag"
    KEYWORD = "keyword"


class Niche(Base):
    __tablename__ = "niches"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the owner last saw the niche's alerts ("what's new"): the next alerts start there. None: never.
    last_visit_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="niches")
    seeds: Mapped[list[NicheSeed]] = relationship(
        back_populates="niche", cascade="all, delete-orphan", passive_deletes=True
    )
    members: Mapped[list[NicheMember]] = relationship(
        back_populates="niche", cascade="all, delete-orphan", passive_deletes=True
    )


class NicheSeed(Base):
    __tablename__ = "niche_seeds"
    __table_args__ = (UniqueConstraint("niche_id", "kind", "value"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    niche_id: Mapped[int] = mapped_column(ForeignKey("niches.id", ondelete="CASCADE"))
    kind: Mapped[SeedKind] = mapped_column(_enum(SeedKind, "seed_kind"))
    value: Mapped[str] = mapped_column(String(255))

    niche: Mapped[Niche] = relationship(back_populates="seeds")


class MemberSource(enum.StrEnum):
    SEED = "seed"
    DISCOVERED = "discovered"
    MANUAL = "manual"
    IMPORT = "import"
    DEMO = "demo"


class NicheMember(Base):
    __tablename__ = "niche_members"

    niche_id: Mapped[int] = mapped_column(ForeignKey("niches.id", ondelete="CASCADE"), primary_key=True)
    creator_id: Mapped[int] = mapped_column(
        ForeignKey("creators.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    source: Mapped[MemberSource] = mapped_column(_enum(MemberSource, "member_source"))
    reason: Mapped[str | None] = mapped_column(Text)
    similarity: Mapped[float | None] = mapped_column(Float)
    success_score: Mapped[float | None] = mapped_column(Float)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    excluded: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    niche: Mapped[Niche] = relationship(back_populates="members")


class RecommendationStatus(enum.StrEnum):
    NEW = "new"
    TRYING = "trying"
    DISMISSED = "dismissed"
    DONE = "done"


class Recommendation(Base):
    __tablename__ = "recommendations"
    __table_args__ = (Index("ix_recommendations_user_status", "user_id", "status"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    niche_id: Mapped[int | None] = mapped_column(ForeignKey("niches.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    group: Mapped[str] = mapped_column(String(128))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    expected_gain: Mapped[float] = mapped_column(Float)
    confidence: Mapped[float] = mapped_column(Float)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[RecommendationStatus] = mapped_column(
        _enum(RecommendationStatus, "recommendation_status"), default=RecommendationStatus.NEW
    )
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NicheDigest(Base):
    """The latest analysis of a niche as the pages show it (``compass.analytics.digest``), with what it was
    computed from (``basis``: the owner's settings and marks of the data), so a page can tell whether newer
    data has landed since. One row per niche, replaced by each new analysis."""

    __tablename__ = "niche_digests"

    niche_id: Mapped[int] = mapped_column(ForeignKey("niches.id", ondelete="CASCADE"), primary_key=True)
    basis: Mapped[dict[str, Any]] = mapped_column(JSON)
    videos: Mapped[int] = mapped_column(BigInteger)
    seconds: Mapped[float] = mapped_column(Float)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class AuditEntry(Base):
    """What happened, to whom. ``user_id`` is empty for events with no signed-in user (a failed sign-in)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
