"""Outbox and inbox on SQLite and PostgreSQL: one transaction, nothing lost, nothing twice."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_libs.bus import OutboxMessage, OutboxRelay, TransactionFactory
from hotstack_tools.testing.fakes import RecordingPublisher

from .conftest import effects, make_event

pytestmark = pytest.mark.integration


async def count(engine: AsyncEngine, table: str) -> int:
    async with engine.connect() as connection:
        return int(
            (await connection.execute(sa.text(f"SELECT count(*) FROM {table}"))).scalar_one()
        )


async def test_state_change_and_event_commit_together(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    transactions = TransactionFactory(sessions)
    event = make_event()
    async with transactions() as tx:
        await tx.session.execute(effects.insert().values(event_id=event.id, note="done"))
        tx.emit(event)
    assert await count(engine, "effects") == 1
    async with sessions() as session:
        row = (await session.exec(select(OutboxMessage))).one()
    assert row.event_id == event.id
    assert row.subject == event.type
    assert row.payload == event.to_json()
    assert row.published_at is None


async def test_failed_handler_leaves_neither_effect_nor_event(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    transactions = TransactionFactory(sessions)

    async def fail_midway() -> None:
        async with transactions() as tx:
            await tx.session.execute(effects.insert().values(event_id="e", note="half"))
            tx.emit(make_event())
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await fail_midway()
    assert await count(engine, "effects") == 0
    assert await count(engine, "outbox") == 0


async def test_commit_wakes_the_relay_only_when_events_were_emitted(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    woken: list[int] = []
    transactions = TransactionFactory(sessions, on_emitted=lambda: woken.append(1))
    async with transactions() as tx:
        await tx.session.execute(effects.insert().values(event_id="e", note="quiet"))
    assert woken == []
    async with transactions() as tx:
        tx.emit(make_event())
    assert woken == [1]


async def test_relay_publishes_in_order_with_event_ids_and_marks_rows_sent(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    transactions = TransactionFactory(sessions)
    events = [make_event() for _ in range(5)]
    for event in events:
        async with transactions() as tx:
            tx.emit(event)
    publisher = RecordingPublisher()
    relay = OutboxRelay("test", sessions, publisher)
    assert await relay.publish_pending() == 5
    assert [msg_id for _, _, msg_id in publisher.sent] == [e.id for e in events]
    assert [payload for _, payload, _ in publisher.sent] == [e.to_json() for e in events]
    assert await relay.backlog() == 0
    assert await relay.publish_pending() == 0


async def test_a_commit_during_a_relay_pass_gets_its_own_pass_without_waiting_for_the_poll(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    second_pass = asyncio.Event()

    class Relay(OutboxRelay):
        passes = 0

        async def publish_pending(self) -> int:
            self.passes += 1
            if self.passes == 1:
                self.wake()  # a handler commits an event while this pass is running
            else:
                second_pass.set()
            return 0

    relay = Relay("test", sessions, RecordingPublisher(), poll_seconds=600)
    task = asyncio.create_task(relay.run())
    try:
        await asyncio.wait_for(second_pass.wait(), timeout=30)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    assert relay.passes >= 2


async def test_relay_keeps_what_it_could_not_publish_and_sends_it_later(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    transactions = TransactionFactory(sessions)
    events = [make_event() for _ in range(4)]
    for event in events:
        async with transactions() as tx:
            tx.emit(event)
    failing = RecordingPublisher(fail_after=2)
    relay = OutboxRelay("test", sessions, failing)
    assert await relay.publish_pending() == 2
    assert await relay.backlog() == 2
    oldest = REGISTRY.get_sample_value("hotstack_outbox_oldest_seconds", {"service": "test"})
    assert oldest is not None
    assert oldest > 0
    recovered = RecordingPublisher()
    relay.publisher = recovered
    assert await relay.publish_pending() == 2
    assert await relay.backlog() == 0
    assert REGISTRY.get_sample_value("hotstack_outbox_oldest_seconds", {"service": "test"}) == 0
    assert [msg_id for _, _, msg_id in recovered.sent] == [e.id for e in events[2:]]


async def test_inbox_remembers_processed_events_per_consumer(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    transactions = TransactionFactory(sessions)
    async with transactions() as tx:
        assert not await tx.already_processed("svc-a", "evt_1")
        tx.mark_processed("svc-a", "evt_1")
    async with transactions() as tx:
        assert await tx.already_processed("svc-a", "evt_1")
        assert not await tx.already_processed("svc-b", "evt_1")


async def test_two_relays_never_publish_one_row_twice(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    transactions = TransactionFactory(sessions)
    events = [make_event() for _ in range(60)]
    for event in events:
        async with transactions() as tx:
            tx.emit(event)
    first, second = RecordingPublisher(), RecordingPublisher()
    relays = [
        OutboxRelay("a", sessions, first, batch_size=7),
        OutboxRelay("b", sessions, second, batch_size=7),
    ]

    async def drain(relay: OutboxRelay) -> None:
        for _ in range(100):
            if not await relay.publish_pending():
                return

    await asyncio.gather(*(drain(relay) for relay in relays))
    sent = [msg_id for _, _, msg_id in first.sent + second.sent]
    assert sorted(sent) == sorted(e.id for e in events)


async def test_a_savepoint_undoes_its_own_part_alone_whether_it_wrote_flushed_or_pending(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    transactions = TransactionFactory(sessions)
    kept, undone = make_event(), make_event()

    async def undone_part(write: str) -> None:
        async with tx.savepoint():
            if write == "flushed":
                await tx.session.execute(effects.insert().values(event_id="x", note="no"))
            tx.emit(undone)  # pending: not flushed before the error
            raise RuntimeError(write)

    async def failing(write: str) -> None:
        with pytest.raises(RuntimeError, match=write):
            await undone_part(write)

    async with transactions() as tx:
        async with tx.savepoint():
            pass  # touches nothing
        await failing("pending")
        async with tx.savepoint():
            tx.emit(kept)  # pending until the savepoint ends
        await failing("flushed")
        async with tx.savepoint():
            await tx.session.execute(effects.insert().values(event_id="e", note="kept"))
        await failing("pending")
    assert [e.id for e in tx.emitted] == [kept.id]
    async with sessions() as session:
        outbox = (await session.exec(select(OutboxMessage.event_id))).all()
        notes = (await session.execute(sa.text("SELECT note FROM effects"))).scalars().all()
    assert outbox == [kept.id]
    assert notes == ["kept"]
