"""Alembic environment: records.models metadata, the URL from the caller's Config.

Run through `records.db.upgrade(url)` (or `python -m records db upgrade`); there is no
alembic.ini, so the URL always comes from the code that knows the instance folder.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import pool

from records.db import engine_url, make_engine
from records.models import Base

target_metadata = Base.metadata


def run_offline() -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    # The same driver as online (engine_url: psycopg for a plain postgresql:// URL).
    context.configure(url=engine_url(url) if url else None,
                      target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("sqlalchemy.url is not set: call records.db.upgrade(url)")
    # NullPool: a one-off migration should not leave pooled connections behind.
    engine = make_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            # Batch mode: SQLite can only ALTER by copying the table. Elsewhere (PostgreSQL)
            # Alembic turns a batch into plain ALTER TABLE statements.
            context.configure(connection=connection, target_metadata=target_metadata,
                              render_as_batch=True)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
