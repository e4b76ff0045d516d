"""niche digests: each niche's latest analysis, as the pages show it

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 21:33:23.967256
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import compass.models.base

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "niche_digests",
        sa.Column("niche_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("basis", sa.JSON(), nullable=False),
        sa.Column("videos", sa.BigInteger(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("computed_at", compass.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["niche_id"], ["niches.id"], name=op.f("fk_niche_digests_niche_id_niches"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("niche_id", name=op.f("pk_niche_digests")),
    )


def downgrade() -> None:
    op.drop_table("niche_digests")
