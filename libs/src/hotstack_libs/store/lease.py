"""Leadership of a loop across replicas: a PostgreSQL advisory lock on a connection of its
own, so that one replica at a time runs it."""

from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from ..logging import get_logger
from ..tasks import stop_if_cancelling

log = get_logger(__name__)


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for a name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class Lease:
    """Whether this replica leads the loop called `name`.

    On PostgreSQL the leader holds a session advisory lock on a connection kept out of the
    pool (in autocommit: no transaction stays open). The lock lives exactly as long as that
    connection: a leader that is killed, or loses its database, lets another replica take
    over at its next `held()` check, and a leader whose connection broke stops leading at
    its own. SQLite has one process writing to it: that process always leads."""

    def __init__(self, engine: AsyncEngine, name: str) -> None:
        self.engine = engine
        self.name = name
        self.key = lock_key(name)
        self._connection: AsyncConnection | None = None

    @property
    def leading(self) -> bool:
        """True while this replica holds the lease (as of the last `held()`)."""
        return self._connection is not None or self.engine.dialect.name != "postgresql"

    async def held(self) -> bool:
        """Hold the lease if nobody else does; True while this replica leads."""
        if self.engine.dialect.name != "postgresql":
            return True
        if self._connection is not None:
            try:
                await self._connection.execute(text("SELECT 1"))
                return True
            except Exception as error:
                stop_if_cancelling(error)
                log.warning("lease.lost", lease=self.name, error=str(error))
                await self._discard()
        try:
            connection = await self.engine.connect()
        except Exception as error:
            stop_if_cancelling(error)
            return False
        try:
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            taken = await connection.scalar(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}
            )
        except Exception as error:
            stop_if_cancelling(error)
            await connection.invalidate()
            return False
        if not taken:
            await connection.close()
            return False
        self._connection = connection
        log.info("lease.acquired", lease=self.name)
        return True

    async def release(self) -> None:
        """Give the lease up (at shutdown): another replica may lead at once."""
        if self._connection is None:
            return
        try:
            await self._connection.execute(
                text("SELECT pg_advisory_unlock(:key)"), {"key": self.key}
            )
            await self._connection.close()
        except Exception as error:
            stop_if_cancelling(error)
            await self._discard()
        self._connection = None

    async def _discard(self) -> None:
        """Drop the connection without returning it to the pool (it may hold the lock)."""
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                await connection.invalidate()
                await connection.close()
            except Exception as error:
                stop_if_cancelling(error)
