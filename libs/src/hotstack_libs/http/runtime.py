"""What a running service holds: settings, store, broker, blobs, relay."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field

from fastapi import Request
from faststream.nats import NatsBroker
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from ..blobs import BlobStore
from ..bus import OutboxRelay, Transaction, TransactionFactory
from ..settings import ServiceSettings


@dataclass
class Runtime:
    """The wired dependencies of one service process."""

    settings: ServiceSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    broker: NatsBroker
    blobs: BlobStore
    relay: OutboxRelay
    transactions: TransactionFactory = field(init=False)
    broker_ready: bool = False

    def __post_init__(self) -> None:
        self.transactions = TransactionFactory(self.sessions, on_emitted=self.relay.wake)

    def transaction(self) -> AbstractAsyncContextManager[Transaction]:
        """A unit of work whose emitted events reach the outbox relay on commit."""
        return self.transactions()

    async def session(self) -> AsyncIterator[AsyncSession]:
        """A read session (FastAPI dependency style)."""
        async with self.sessions() as session:
            yield session


def get_runtime(request: Request) -> Runtime:
    """The runtime of the app serving this request."""
    runtime: Runtime = request.app.state.runtime
    return runtime
