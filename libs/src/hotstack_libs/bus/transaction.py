"""One database transaction holding a state change, its outbox rows and its inbox mark."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.util import greenlet_spawn
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_contracts import Envelope, Event

from ..timeutil import utcnow
from ..tracing import current_traceparent
from .tables import InboxEntry, OutboxMessage

_SAVEPOINT_SENT = "hotstack.savepoint_sent"


@event.listens_for(Session, "after_begin")
def _note_savepoint(session: Session, transaction: SessionTransaction, _: Connection) -> None:
    """Note on the session a nested transaction that sent its SAVEPOINT (which SQLAlchemy
    does with the first statement inside it, not when it begins)."""
    if transaction.nested:
        session.info[_SAVEPOINT_SENT] = transaction


def _settled(session: Session) -> bool:
    """Nothing added, changed or deleted waits to be flushed."""
    return not (session.new or session.dirty or session.deleted)


class Transaction:
    """Unit of work: the session plus `emit()`; commits or rolls back as one."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.emitted: list[Envelope[Event]] = []
        self.committed: list[Callable[[], None]] = []

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Call `callback` once the transaction has committed (never if it rolls back):
        the place to wake a worker for the rows it just wrote."""
        self.committed.append(callback)

    def emit(self, envelope: Envelope[Event]) -> None:
        """Queue an event in the outbox; it is published only if the transaction commits.

        Inside a traced span the event carries that span's traceparent, so the spans of
        its consumers become the span's children.
        """
        traceparent = current_traceparent()
        if traceparent is not None and traceparent != envelope.traceparent:
            envelope = envelope.model_copy(update={"traceparent": traceparent})
        self.session.add(
            OutboxMessage(event_id=envelope.id, subject=envelope.type, payload=envelope.to_json())
        )
        self.emitted.append(envelope)

    async def already_processed(self, consumer: str, event_id: str) -> bool:
        """True when `consumer` already applied `event_id`."""
        found = await self.session.exec(
            select(InboxEntry.event_id).where(
                InboxEntry.consumer == consumer, InboxEntry.event_id == event_id
            )
        )
        return found.first() is not None

    def mark_processed(self, consumer: str, event_id: str) -> None:
        """Record that `consumer` applied `event_id` (unique: a racing replica fails to commit)."""
        self.session.add(InboxEntry(consumer=consumer, event_id=event_id))

    async def claim(self, consumer: str, event_ids: Sequence[str]) -> set[str]:
        """Mark each of `event_ids` applied by `consumer`, in one statement, and return the
        ones that were not marked before: the events this transaction is to apply.

        `INSERT … ON CONFLICT DO NOTHING RETURNING` goes through the inbox's primary key, so
        it costs the same however large the inbox grows, and a replica applying the same
        event waits here for the other's transaction instead of failing at commit.
        """
        if not event_ids:
            return set()
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        now = utcnow()
        rows = [{"consumer": consumer, "event_id": i, "processed_at": now} for i in event_ids]
        table = InboxEntry.__table__  # type: ignore[attr-defined]
        inserted = await self.session.execute(
            insert(table).on_conflict_do_nothing().returning(table.c.event_id), rows
        )
        return set(inserted.scalars().all())

    async def unclaim(self, consumer: str, event_ids: Sequence[str]) -> None:
        """Take back the claims of events this transaction did not apply after all."""
        if event_ids:
            table = InboxEntry.__table__  # type: ignore[attr-defined]
            await self.session.execute(
                sa.delete(table).where(
                    table.c.consumer == consumer, table.c.event_id.in_(event_ids)
                )
            )

    def savepoint(self) -> Savepoint:
        """`async with tx.savepoint():` a part of the transaction that can fail alone: on
        an error, what it wrote and emitted is undone and the error raised; the rest of the
        transaction goes on."""
        return Savepoint(self)


class Savepoint:
    """A nested transaction of a `Transaction`, with what it emitted (see `savepoint`).

    Beginning a nested transaction on a settled session sends nothing (its SAVEPOINT goes
    with its first statement), and committing one that sent nothing and left nothing to
    flush sends nothing either: neither then takes the hop into the driver's greenlet,
    which costs as much as the nested transaction itself. A class, not a generator: it is
    entered for every event consumed.
    """

    __slots__ = ("committed", "emitted", "nested", "tx")

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx

    async def __aenter__(self) -> None:
        self.emitted, self.committed = len(self.tx.emitted), len(self.tx.committed)
        session = self.tx.session.sync_session
        if _settled(session):
            self.nested = session.begin_nested()
        else:
            self.nested = await greenlet_spawn(session.begin_nested)

    async def __aexit__(self, kind: type[BaseException] | None, *_: object) -> None:
        session = self.tx.session.sync_session
        sent = session.info.pop(_SAVEPOINT_SENT, None) is self.nested
        if kind is not None:
            del self.tx.emitted[self.emitted :]
            del self.tx.committed[self.committed :]
            await greenlet_spawn(self.nested.rollback)
        elif sent or not _settled(session):
            await greenlet_spawn(self.nested.commit)
        else:
            self.nested.commit()


class TransactionFactory:
    """Opens transactions and tells the outbox relay when events were committed."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        on_emitted: Callable[[], None] | None = None,
    ) -> None:
        self.sessions = sessions
        self.on_emitted = on_emitted

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[Transaction]:
        async with self.sessions() as session, session.begin():
            transaction = Transaction(session)
            yield transaction
        if transaction.emitted and self.on_emitted is not None:
            self.on_emitted()
        for callback in transaction.committed:
            callback()
