"""Fixtures for the platform's own tests: a migrated store with outbox, inbox and `effects`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_contracts import Envelope, UploadReceived
from hotstack_libs.store import create_engine, migrate
from hotstack_tools.testing.factories import upload_received

MIGRATIONS = Path(__file__).parent / "platform_migrations"

effects = sa.Table(
    "effects",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("event_id", sa.String(128)),
    sa.Column("note", sa.String(200)),
)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    await migrate(engine, MIGRATIONS)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


def make_event(upload_id: str | None = None, tenant: str = "acme") -> Envelope[UploadReceived]:
    return upload_received(tenant, upload_id)
