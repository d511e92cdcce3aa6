"""Alembic migrations per service, applied at start (serialised across replicas)."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine


def _config(script_location: Path, connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.attributes["connection"] = connection
    return config


async def migrate(engine: AsyncEngine, script_location: Path) -> None:
    """Upgrade the service's database to head."""
    lock_id = zlib.crc32(str(script_location.name + script_location.parent.name).encode())

    def upgrade(connection: Connection) -> None:
        if connection.dialect.name == "postgresql":
            # Replicas starting together: one migrates, the others wait and find it done.
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})
        command.upgrade(_config(script_location, connection), "head")

    async with engine.begin() as connection:
        await connection.run_sync(upgrade)


def run_env(target_metadata: MetaData | None = None) -> None:
    """Body of every service's `migrations/env.py`."""
    connection: Any = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("migrations run through hotstack_libs.store.migrate()")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()
