"""Migrating a test's own database down: the product only ever migrates up."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine

from compass.migrations import alembic_config


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
