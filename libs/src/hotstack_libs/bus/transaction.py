"""One database transaction holding a state change, its outbox rows and its inbox mark."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_contracts import Envelope, Event

from ..tracing import current_traceparent
from .tables import InboxEntry, OutboxMessage


class Transaction:
    """Unit of work: the session plus `emit()`; commits or rolls back as one."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.emitted: list[Envelope[Event]] = []

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

    async def processed_among(self, consumer: str, event_ids: list[str]) -> set[str]:
        """Which of `event_ids` `consumer` already applied."""
        found = await self.session.exec(
            select(InboxEntry.event_id).where(
                InboxEntry.consumer == consumer,
                InboxEntry.event_id.in_(event_ids),  # type: ignore[attr-defined]
            )
        )
        return set(found.all())

    def mark_processed(self, consumer: str, event_id: str) -> None:
        """Record that `consumer` applied `event_id` (unique: a racing replica fails to commit)."""
        self.session.add(InboxEntry(consumer=consumer, event_id=event_id))


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
