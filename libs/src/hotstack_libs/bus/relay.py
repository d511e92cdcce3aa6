"""The outbox relay: publishes committed events to JetStream and marks them sent."""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Protocol

from sqlalchemy import func
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..logging import get_logger
from ..metrics import OUTBOX_BACKLOG, OUTBOX_OLDEST_SECONDS, OUTBOX_PUBLISHED
from ..tasks import IdleBackoff, stop_if_cancelling
from ..timeutil import as_utc, utcnow
from .tables import OutboxMessage

log = get_logger(__name__)

# The backlog gauges cost a query; refresh them at most this often, not after every pass.
GAUGE_INTERVAL_SECONDS = 1.0


class Publisher(Protocol):
    """Publishes one event to the stream; deduplicated by `msg_id`."""

    async def publish(self, subject: str, payload: bytes, msg_id: str) -> None: ...


class OutboxRelay:
    """Drains the outbox in id order; many replicas may run (SKIP LOCKED on PostgreSQL)."""

    def __init__(
        self,
        service: str,
        sessions: async_sessionmaker[AsyncSession],
        publisher: Publisher,
        *,
        batch_size: int = 100,
        poll_seconds: float = 0.5,
        idle_poll_seconds: float = 30.0,
    ) -> None:
        self.service = service
        self.sessions = sessions
        self.publisher = publisher
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        # Commits in this process wake the relay at once; polling only finds what another
        # process committed and did not relay (it died first), so at rest it slows down.
        self.idle = IdleBackoff(poll_seconds, idle_poll_seconds)
        self._wakeup = asyncio.Event()

    def wake(self) -> None:
        """Ask for a pass now (called after a commit that emitted events)."""
        self._wakeup.set()

    async def publish_pending(self) -> int:
        """One pass: publish up to a batch of unsent rows; return how many were sent."""
        async with self.sessions() as session, session.begin():
            query = (
                select(OutboxMessage)
                .where(OutboxMessage.published_at.is_(None))  # type: ignore[union-attr]
                .order_by(OutboxMessage.id)  # type: ignore[arg-type]
                .limit(self.batch_size)
            )
            if session.get_bind().dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            rows = (await session.scalars(query)).all()
            # Publish the batch concurrently (sent in id order on one connection), so the
            # rows stay locked for one round trip rather than one per event.
            results = await asyncio.gather(
                *(self.publisher.publish(r.subject, r.payload, r.event_id) for r in rows),
                return_exceptions=True,
            )
            sent = 0
            now = utcnow()
            for row, result in zip(rows, results, strict=True):
                row.attempts += 1
                if isinstance(result, BaseException):
                    # Stop at the first failure; later rows are retried (and deduplicated
                    # by Nats-Msg-Id if they did reach the stream).
                    row.last_error = f"{type(result).__name__}: {result}"[:500]
                    log.warning("outbox.publish_failed", event_id=row.event_id, error=str(result))
                    break
                row.published_at = now
                sent += 1
        if sent:
            OUTBOX_PUBLISHED.labels(self.service).inc(sent)
        return sent

    async def backlog(self) -> int:
        """Rows not yet published (and, as a gauge, how old the oldest of them is)."""
        async with self.sessions() as session:
            result = await session.exec(
                select(func.count(), func.min(OutboxMessage.created_at)).where(
                    OutboxMessage.published_at.is_(None)  # type: ignore[union-attr]
                )
            )
            count, oldest = result.one()
        age = (utcnow() - as_utc(oldest)).total_seconds() if oldest is not None else 0.0
        OUTBOX_OLDEST_SECONDS.labels(self.service).set(max(age, 0.0))
        return int(count)

    async def run(self) -> None:
        """Relay until cancelled."""
        gauges_at = 0.0
        while True:
            # Cleared before the pass, not after it: a commit that wakes the relay while a
            # pass is running gets a pass of its own instead of waiting for the next poll.
            self._wakeup.clear()
            try:
                sent = await self.publish_pending()
                if time.monotonic() - gauges_at >= GAUGE_INTERVAL_SECONDS:
                    OUTBOX_BACKLOG.labels(self.service).set(await self.backlog())
                    gauges_at = time.monotonic()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # database down: wait and retry
                stop_if_cancelling(error)
                log.warning("outbox.pass_failed", error=str(error))
                sent = -1  # try again soon
            if sent >= self.batch_size:
                continue
            wait = self.idle.after(worked=sent != 0)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(wait):
                    await self._wakeup.wait()
