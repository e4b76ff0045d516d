"""niche last visit: when the owner last saw the niche's alerts, where the next ones start

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import compass.models.base

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Plain ALTER TABLE, not batch mode: on SQLite batch mode would copy the niches table and drop the
# original, and with foreign keys on, dropping it deletes every niche's seeds, members and digests.
# SQLite adds and (since 3.35) drops a plain column in place.


def upgrade() -> None:
    op.add_column(
        "niches", sa.Column("last_visit_at", compass.models.base.UTCDateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("niches", "last_visit_at")
