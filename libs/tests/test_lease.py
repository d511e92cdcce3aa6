"""A loop's lease: one holder at a time on PostgreSQL, handed over when the holder's
connection ends (a killed replica), and always held on SQLite (one process writes)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from hotstack_libs.store import Lease, create_engine
from hotstack_libs.store.lease import lock_key

pytestmark = pytest.mark.integration


HOLDERS = """
    SELECT pid FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND objsubid = 1
      AND classid::bigint = :high AND objid::bigint = :low
"""


async def holders(url: str, key: int, terminate: bool = False) -> int:
    """How many backends hold the lease's lock (ended first, with `terminate`, as when
    the holder's replica dies)."""
    unsigned = key & 0xFFFFFFFFFFFFFFFF
    query = HOLDERS
    if terminate:
        query = f"SELECT pg_terminate_backend(pid) FROM ({HOLDERS}) AS held"
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            found = await connection.execute(
                sa.text(query), {"high": unsigned >> 32, "low": unsigned & 0xFFFFFFFF}
            )
            return len(found.all())
    finally:
        await engine.dispose()


async def test_one_replica_holds_the_lease_and_another_takes_it_when_it_dies(
    postgres_url: str,
) -> None:
    first, second = create_engine(postgres_url), create_engine(postgres_url)
    a, b = Lease(first, "payment.upkeep"), Lease(second, "payment.upkeep")
    other = Lease(first, "ledger.checkpoints")
    try:
        assert await a.held()
        assert not await b.held()
        assert await a.held(), "the holder keeps it on every later check"
        assert not await b.held()
        assert await holders(postgres_url, a.key) == 1

        # The holder's replica dies: its connection ends, and the lock with it.
        assert await holders(postgres_url, a.key, terminate=True) == 1
        assert await b.held()
        assert b.leading
        assert await holders(postgres_url, b.key) == 1
        # The old holder finds its connection gone, and that it no longer leads.
        assert not await a.held()
        assert not a.leading

        # A lease of another loop is independent of this one.
        assert await other.held()
    finally:
        for lease in (a, b, other):
            await lease.release()
        await first.dispose()
        await second.dispose()


async def test_a_released_lease_is_taken_at_once_and_not_returned_to_the_pool(
    postgres_url: str,
) -> None:
    first, second = create_engine(postgres_url), create_engine(postgres_url)
    a, b = Lease(first, "upload.orphan-sweep"), Lease(second, "upload.orphan-sweep")
    try:
        assert await a.held()
        await a.release()
        assert not a.leading
        assert await b.held()
        # The released connection went back to the pool without the lock: using the pool
        # again does not take the lease back.
        async with first.connect() as connection:
            await connection.execute(sa.text("SELECT 1"))
        assert not await a.held()
        assert await holders(postgres_url, b.key) == 1
    finally:
        await b.release()
        await first.dispose()
        await second.dispose()


async def test_on_sqlite_the_one_process_always_leads(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'one.db'}")
    try:
        lease = Lease(engine, "ledger.checkpoints")
        assert lease.leading
        assert await lease.held()
        assert await Lease(engine, "ledger.checkpoints").held()
    finally:
        await engine.dispose()


def test_lease_keys_are_stable_and_distinct() -> None:
    assert lock_key("payment.upkeep") == lock_key("payment.upkeep")
    assert lock_key("payment.upkeep") != lock_key("ledger.checkpoints")
    assert -(2**63) <= lock_key("payment.upkeep") < 2**63
