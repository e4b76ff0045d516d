"""creator changes: which creators each ingest changed, in commit order, for re-analysis

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 01:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "creator_changes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("creator_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["creators.id"],
            name=op.f("fk_creator_changes_creator_id_creators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_creator_changes")),
    )
    op.create_index(op.f("ix_creator_changes_creator_id"), "creator_changes", ["creator_id"])
    # Every creator stored before the log existed counts as changed once: a digest computed before this
    # migration has no mark in the log, reads as mark 0, and is analysed again.
    op.execute("INSERT INTO creator_changes (creator_id) SELECT id FROM creators ORDER BY id")


def downgrade() -> None:
    op.drop_index(op.f("ix_creator_changes_creator_id"), table_name="creator_changes")
    op.drop_table("creator_changes")
