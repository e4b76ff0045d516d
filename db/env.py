"""Alembic environment: runs migrations on the connection compass.migrations hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from compass.models import Base

target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    from compass.db import make_engine
    from compass.settings import load_settings

    with make_engine(load_settings(), "cli").connect() as fresh_connection:
        run_migrations(fresh_connection)
        fresh_connection.commit()
else:
    run_migrations(connection)
