"""A unit of work in memory, for testing handlers in milliseconds.

`memory_store()` yields `FakeTransactions`: a `TransactionFactory` over an in-memory SQLite
store holding every table of the services imported. Its transactions behave like the real
ones for the handler (the session reads and writes, rolls back on error) but write no
outbox and no inbox rows: what each committed transaction emitted and marked is recorded
on the factory instead, for the test to read. No NATS, no files, no migrations.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar, cast

from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.pool import StaticPool
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_contracts import Envelope, Event
from hotstack_libs.bus import BatchSubscription, Subscription, Transaction, TransactionFactory

E = TypeVar("E", bound=Event)


class FakeTransaction(Transaction):
    """A transaction whose events and inbox marks are kept in memory, not in the store."""

    def __init__(self, session: AsyncSession, marked: set[tuple[str, str]]) -> None:
        super().__init__(session)
        self.earlier_marks = marked
        self.marked: set[tuple[str, str]] = set()

    def emit(self, envelope: Envelope[Event]) -> None:
        """Record the event (published only if the transaction commits, as for real)."""
        self.emitted.append(envelope)

    async def already_processed(self, consumer: str, event_id: str) -> bool:
        """Whether a committed transaction marked `event_id` for `consumer`."""
        return (consumer, event_id) in self.earlier_marks | self.marked

    def mark_processed(self, consumer: str, event_id: str) -> None:
        """Record that `consumer` applied `event_id`."""
        self.marked.add((consumer, event_id))


class FakeTransactions(TransactionFactory):
    """Opens fake transactions on one in-memory store; keeps what the committed ones did."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        super().__init__(sessions)
        self.emitted: list[Envelope[Event]] = []
        self.marked: set[tuple[str, str]] = set()

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[Transaction]:
        async with self.sessions() as session, session.begin():
            transaction = FakeTransaction(session, self.marked)
            yield transaction
        self.emitted.extend(transaction.emitted)
        self.marked |= transaction.marked
        for callback in transaction.committed:
            callback()

    def of_type(self, event: type[E]) -> list[Envelope[E]]:
        """The committed events carrying an `event`."""
        return cast("list[Envelope[E]]", [e for e in self.emitted if isinstance(e.data, event)])

    async def deliver(
        self, subscription: Subscription[Any], envelope: Envelope[Event], consumer: str = "test"
    ) -> bool:
        """Apply `envelope` through `subscription` once, as a consumer would: in its own
        transaction with its inbox mark; False when it was applied before."""
        async with self() as tx:
            if await tx.already_processed(consumer, envelope.id):
                return False
            await subscription.apply(envelope, tx)
            tx.mark_processed(consumer, envelope.id)
        return True

    async def deliver_batch(
        self, subscription: BatchSubscription[Any], envelopes: Sequence[Envelope[Event]]
    ) -> None:
        """Apply `envelopes` through a batch subscription in one transaction."""
        async with self() as tx:
            await subscription.apply(envelopes, tx)


@asynccontextmanager
async def memory_store() -> AsyncIterator[FakeTransactions]:
    """Fake transactions over a fresh in-memory store of every imported table."""
    engine = create_async_engine("sqlite+aiosqlite://", poolclass=StaticPool)
    async with engine.begin() as connection:
        await connection.run_sync(SQLModel.metadata.create_all)
    try:
        yield FakeTransactions(
            async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
        )
    finally:
        await engine.dispose()
