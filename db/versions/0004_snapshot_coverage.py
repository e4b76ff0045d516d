"""snapshot coverage: how many videos each scrape collected, beside the profile's own count

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 06:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("profile_snapshots") as batch_op:
        batch_op.add_column(sa.Column("videos_collected", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("profile_snapshots") as batch_op:
        batch_op.drop_column("videos_collected")
