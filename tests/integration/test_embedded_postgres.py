"""PostgreSQL from its wheel holds a service's store, and a committed append survives a
crash of the server."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_ledger import store
from hotstack_ledger.bootstrap import MIGRATIONS
from hotstack_ledger.domain.chain import verify_chain
from hotstack_ledger.service import append_events, stored_entry
from hotstack_libs.bus import TransactionFactory
from hotstack_libs.store import create_engine, migrate
from hotstack_tools.processes import EmbeddedPostgres
from hotstack_tools.testing.factories import upload_received

pytestmark = pytest.mark.integration


async def test_a_ledger_on_embedded_postgres_keeps_its_chain_through_a_crash(
    tmp_path: Path,
) -> None:
    server = EmbeddedPostgres(tmp_path / "pgdata")
    server.start()
    try:
        url = server.create_database("ledger")
        engine = create_engine(url)
        await migrate(engine, MIGRATIONS)
        transactions = TransactionFactory(
            async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
        )
        events = [upload_received("acme") for _ in range(20)]
        async with transactions() as tx:
            await append_events(events, tx)
        await engine.dispose()

        server.crash()
        server.start()

        engine = create_engine(url)
        async with AsyncSession(engine) as session:
            entries = await store.entries(session, "acme")
        await engine.dispose()
        assert [e.event_id for e in entries] == [e.id for e in events]
        assert verify_chain("acme", [stored_entry(e) for e in entries]).ok
    finally:
        server.stop()
