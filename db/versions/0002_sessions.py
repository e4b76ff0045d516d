"""sessions: server-side browser sessions and one-time sign-in tickets

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 20:11:54.719284
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import compass.models.base

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sign_in_tickets",
        sa.Column("ticket_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("created_at", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", compass.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_sign_in_tickets_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("ticket_hash", name=op.f("pk_sign_in_tickets")),
    )
    op.create_index(op.f("ix_sign_in_tickets_user_id"), "sign_in_tickets", ["user_id"], unique=False)
    op.create_table(
        "user_sessions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", compass.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_sessions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_sessions")),
        sa.UniqueConstraint("id_hash", name=op.f("uq_user_sessions_id_hash")),
    )
    op.create_index(op.f("ix_user_sessions_user_id"), "user_sessions", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_user_sessions_user_id"), table_name="user_sessions")
    op.drop_table("user_sessions")
    op.drop_index(op.f("ix_sign_in_tickets_user_id"), table_name="sign_in_tickets")
    op.drop_table("sign_in_tickets")
