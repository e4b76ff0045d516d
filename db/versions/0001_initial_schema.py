"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24 19:34:43.313041
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import compass.models.base

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "creators",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("tiktok_id", sa.String(length=32), nullable=True),
        sa.Column("sec_uid", sa.String(length=128), nullable=True),
        sa.Column("handle", sa.String(length=64), nullable=False),
        sa.Column("nickname", sa.String(length=255), nullable=True),
        sa.Column("bio", sa.Text(), nullable=True),
        sa.Column("verified", sa.Boolean(), nullable=True),
        sa.Column("private", sa.Boolean(), nullable=True),
        sa.Column("avatar_url", sa.Text(), nullable=True),
        sa.Column("followers", sa.BigInteger(), nullable=True),
        sa.Column("following", sa.BigInteger(), nullable=True),
        sa.Column("likes", sa.BigInteger(), nullable=True),
        sa.Column("video_count", sa.BigInteger(), nullable=True),
        sa.Column("stats_captured_at", compass.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("is_demo", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("first_seen_at", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_scraped_at", compass.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_creators")),
        sa.UniqueConstraint("sec_uid", name=op.f("uq_creators_sec_uid")),
        sa.UniqueConstraint("tiktok_id", name=op.f("uq_creators_tiktok_id")),
    )
    op.create_index(op.f("ix_creators_handle"), "creators", ["handle"], unique=False)
    op.create_table(
        "hashtags",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hashtags")),
        sa.UniqueConstraint("name", name=op.f("uq_hashtags_name")),
    )
    op.create_table(
        "sounds",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("tiktok_id", sa.String(length=32), nullable=True),
        sa.Column("title", sa.String(length=512), nullable=True),
        sa.Column("author", sa.String(length=255), nullable=True),
        sa.Column("original", sa.Boolean(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sounds")),
        sa.UniqueConstraint("tiktok_id", name=op.f("uq_sounds_tiktok_id")),
    )
    op.create_index("ix_sounds_title_author", "sounds", ["title", "author"], unique=False)
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("issuer", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("own_handle", sa.String(length=64), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("created_at", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("issuer", "subject", name=op.f("uq_users_issuer_subject")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("at", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_audit_log_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_user_at", "audit_log", ["user_id", "at"], unique=False)
    op.create_table(
        "niches",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("is_demo", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("created_at", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_niches_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_niches")),
        sa.UniqueConstraint("user_id", "name", name=op.f("uq_niches_user_id_name")),
    )
    op.create_index(op.f("ix_niches_user_id"), "niches", ["user_id"], unique=False)
    op.create_table(
        "profile_snapshots",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("creator_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("captured_at", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("followers", sa.BigInteger(), nullable=True),
        sa.Column("following", sa.BigInteger(), nullable=True),
        sa.Column("likes", sa.BigInteger(), nullable=True),
        sa.Column("video_count", sa.BigInteger(), nullable=True),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["creators.id"],
            name=op.f("fk_profile_snapshots_creator_id_creators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_snapshots")),
        sa.UniqueConstraint(
            "creator_id", "captured_at", name=op.f("uq_profile_snapshots_creator_id_captured_at")
        ),
    )
    op.create_table(
        "scrape_jobs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "running",
                "succeeded",
                "failed",
                "cancelled",
                name="job_status",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("idempotency_key", sa.String(length=255), nullable=True),
        sa.Column("progress_done", sa.Integer(), nullable=False),
        sa.Column("progress_total", sa.Integer(), nullable=True),
        sa.Column("progress_step", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("lease_owner", sa.String(length=128), nullable=True),
        sa.Column("lease_expires_at", compass.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("run_after", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", compass.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", compass.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_scrape_jobs_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scrape_jobs")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_scrape_jobs_idempotency_key")),
    )
    op.create_index("ix_scrape_jobs_status_run_after", "scrape_jobs", ["status", "run_after"], unique=False)
    op.create_index("ix_scrape_jobs_user_status", "scrape_jobs", ["user_id", "status"], unique=False)
    op.create_table(
        "videos",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("tiktok_id", sa.String(length=32), nullable=False),
        sa.Column("creator_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("posted_at", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("caption", sa.Text(), nullable=True),
        sa.Column("duration_s", sa.Integer(), nullable=True),
        sa.Column("sound_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("is_pinned", sa.Boolean(), nullable=True),
        sa.Column("is_ad", sa.Boolean(), nullable=True),
        sa.Column("is_photo", sa.Boolean(), nullable=True),
        sa.Column("cover_url", sa.Text(), nullable=True),
        sa.Column("views", sa.BigInteger(), nullable=True),
        sa.Column("likes", sa.BigInteger(), nullable=True),
        sa.Column("comments", sa.BigInteger(), nullable=True),
        sa.Column("shares", sa.BigInteger(), nullable=True),
        sa.Column("saves", sa.BigInteger(), nullable=True),
        sa.Column("stats_captured_at", compass.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("first_seen_at", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"], ["creators.id"], name=op.f("fk_videos_creator_id_creators"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["sound_id"], ["sounds.id"], name=op.f("fk_videos_sound_id_sounds"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_videos")),
        sa.UniqueConstraint("tiktok_id", name=op.f("uq_videos_tiktok_id")),
    )
    op.create_index("ix_videos_creator_posted", "videos", ["creator_id", "posted_at"], unique=False)
    op.create_index(op.f("ix_videos_posted_at"), "videos", ["posted_at"], unique=False)
    op.create_index("ix_videos_sound_posted", "videos", ["sound_id", "posted_at"], unique=False)
    op.create_table(
        "niche_members",
        sa.Column("niche_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("creator_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "seed",
                "discovered",
                "manual",
                "import",
                "demo",
                name="member_source",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.Column("success_score", sa.Float(), nullable=True),
        sa.Column("pinned", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("excluded", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("added_at", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["creators.id"],
            name=op.f("fk_niche_members_creator_id_creators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["niche_id"], ["niches.id"], name=op.f("fk_niche_members_niche_id_niches"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("niche_id", "creator_id", name=op.f("pk_niche_members")),
    )
    op.create_index(op.f("ix_niche_members_creator_id"), "niche_members", ["creator_id"], unique=False)
    op.create_table(
        "niche_seeds",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("niche_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("handle", "hashtag", "keyword", name="seed_kind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("value", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["niche_id"], ["niches.id"], name=op.f("fk_niche_seeds_niche_id_niches"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_niche_seeds")),
        sa.UniqueConstraint("niche_id", "kind", "value", name=op.f("uq_niche_seeds_niche_id_kind_value")),
    )
    op.create_table(
        "recommendations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("niche_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("group", sa.String(length=128), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("expected_gain", sa.Float(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "new",
                "trying",
                "dismissed",
                "done",
                name="recommendation_status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("status_changed_at", compass.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.JSON(), nullable=True),
        sa.Column("created_at", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["niche_id"], ["niches.id"], name=op.f("fk_recommendations_niche_id_niches"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_recommendations_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendations")),
    )
    op.create_index("ix_recommendations_user_status", "recommendations", ["user_id", "status"], unique=False)
    op.create_table(
        "video_hashtags",
        sa.Column("video_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("hashtag_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(
            ["hashtag_id"],
            ["hashtags.id"],
            name=op.f("fk_video_hashtags_hashtag_id_hashtags"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["video_id"], ["videos.id"], name=op.f("fk_video_hashtags_video_id_videos"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("video_id", "hashtag_id", name=op.f("pk_video_hashtags")),
    )
    op.create_index(op.f("ix_video_hashtags_hashtag_id"), "video_hashtags", ["hashtag_id"], unique=False)
    op.create_table(
        "video_stat_snapshots",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("video_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("captured_at", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("views", sa.BigInteger(), nullable=True),
        sa.Column("likes", sa.BigInteger(), nullable=True),
        sa.Column("comments", sa.BigInteger(), nullable=True),
        sa.Column("shares", sa.BigInteger(), nullable=True),
        sa.Column("saves", sa.BigInteger(), nullable=True),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["video_id"],
            ["videos.id"],
            name=op.f("fk_video_stat_snapshots_video_id_videos"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_video_stat_snapshots")),
        sa.UniqueConstraint(
            "video_id", "captured_at", name=op.f("uq_video_stat_snapshots_video_id_captured_at")
        ),
    )


def downgrade() -> None:
    op.drop_table("video_stat_snapshots")
    op.drop_index(op.f("ix_video_hashtags_hashtag_id"), table_name="video_hashtags")
    op.drop_table("video_hashtags")
    op.drop_index("ix_recommendations_user_status", table_name="recommendations")
    op.drop_table("recommendations")
    op.drop_table("niche_seeds")
    op.drop_index(op.f("ix_niche_members_creator_id"), table_name="niche_members")
    op.drop_table("niche_members")
    op.drop_index("ix_videos_sound_posted", table_name="videos")
    op.drop_index(op.f("ix_videos_posted_at"), table_name="videos")
    op.drop_index("ix_videos_creator_posted", table_name="videos")
    op.drop_table("videos")
    op.drop_index("ix_scrape_jobs_user_status", table_name="scrape_jobs")
    op.drop_index("ix_scrape_jobs_status_run_after", table_name="scrape_jobs")
    op.drop_table("scrape_jobs")
    op.drop_table("profile_snapshots")
    op.drop_index(op.f("ix_niches_user_id"), table_name="niches")
    op.drop_table("niches")
    op.drop_index("ix_audit_log_user_at", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_table("users")
    op.drop_index("ix_sounds_title_author", table_name="sounds")
    op.drop_table("sounds")
    op.drop_table("hashtags")
    op.drop_index(op.f("ix_creators_handle"), table_name="creators")
    op.drop_table("creators")
