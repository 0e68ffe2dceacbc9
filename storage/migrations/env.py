"""Alembic environment. At run time the bot passes an open connection (see storage.migrate);
for `alembic revision --autogenerate` by hand, DATABASE_URL is used with a sync driver."""
from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)
import storage.session_models  # noqa: F401

target_metadata = SQLModel.metadata
config = context.config


def _configure_and_run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _configure_and_run(connection)
else:
    url = os.environ.get("DATABASE_URL", "sqlite:///followthrough.db")
    url = url.replace("+aiosqlite", "").replace("+asyncpg", "+psycopg")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
    else:
        with create_engine(url).connect() as conn:
            _configure_and_run(conn)
            conn.commit()
