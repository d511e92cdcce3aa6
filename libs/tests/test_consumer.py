"""Durable pull consumers against a real nats-server: once-only effects, retries, dead letters."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import nats
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_contracts import STREAM_NAME, Envelope, IntentFailed, UploadReceived, dlq_subject
from hotstack_libs.bus import (
    BatchEventConsumer,
    BatchSubscription,
    DeadLetter,
    EventConsumer,
    JetStreamPublisher,
    OutboxRelay,
    Reject,
    RetryPolicy,
    Subscription,
    Transaction,
    TransactionFactory,
    connect_with_retry,
    create_broker,
    ensure_stream,
)
from hotstack_tools.processes import NatsServer

from .conftest import effects, make_event

pytestmark = pytest.mark.integration


async def wait_until(check: Callable[[], Awaitable[bool]], within: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.05)


@dataclass
class Harness:
    """One service's consumer wired to a real nats-server and a real store."""

    server: NatsServer
    sessions: async_sessionmaker[AsyncSession]
    handler: Callable[[Any, Transaction], Awaitable[None]]
    batch: bool = False
    store_only: bool = False
    retry: RetryPolicy = field(
        default_factory=lambda: RetryPolicy(max_deliver=3, ack_wait=5.0, nak_delays=(0.1,))
    )
    applied: list[str] = field(default_factory=list)

    async def __aenter__(self) -> Harness:
        self.broker = create_broker(self.server.url, "test")
        self.relay = OutboxRelay("test", self.sessions, JetStreamPublisher(self.broker))
        self.transactions = TransactionFactory(self.sessions, self.relay.wake)
        self.consumer: EventConsumer
        if self.batch:
            self.consumer = BatchEventConsumer(
                "test",
                BatchSubscription(UploadReceived, self.handler),
                self.transactions,
                self.broker,
                self.retry,
            )
        else:
            self.consumer = EventConsumer(
                "test",
                Subscription(UploadReceived, self.handler, store_only=self.store_only),
                self.transactions,
                self.broker,
                self.retry,
            )
        self.consumer.register(batch_size=32)
        await connect_with_retry(self.broker)
        self.js = self.broker.config.connection_state.stream
        await ensure_stream(self.js)
        await self.consumer.provision(self.js)
        await self.broker.start()
        self.relay_task = asyncio.create_task(self.relay.run())
        return self

    async def __aexit__(self, *_: object) -> None:
        self.relay_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.relay_task
        await self.broker.stop()

    async def dead_letters(self) -> list[DeadLetter]:
        client = await nats.connect(self.server.url)
        try:
            js = client.jetstream()
            subscription = await js.pull_subscribe(dlq_subject("test"), stream=STREAM_NAME)
            try:
                messages = await subscription.fetch(50, timeout=1.0)
            except nats.errors.TimeoutError:
                return []
            return [DeadLetter.model_validate_json(m.data) for m in messages]
        finally:
            await client.close()


@pytest.fixture
def recorder(
    sessions: async_sessionmaker[AsyncSession],
) -> Callable[[], Awaitable[list[str]]]:
    async def applied() -> list[str]:
        async with sessions() as session:
            rows = await session.execute(effects.select().order_by(effects.c.id))
            return [row.event_id for row in rows]

    return applied


async def record_effect(envelope: Envelope[Any], tx: Transaction) -> None:
    await tx.session.execute(effects.insert().values(event_id=envelope.id, note="applied"))


async def test_event_emitted_through_the_outbox_is_applied_once_however_often_it_arrives(
    fresh_nats: NatsServer, sessions: async_sessionmaker[AsyncSession], recorder: Any
) -> None:
    async with Harness(fresh_nats, sessions, record_effect) as harness:
        event = make_event()
        async with harness.transactions() as tx:
            tx.emit(event)
        await wait_until(lambda: _has(recorder, [event.id]))
        # The same event again: once under its own id (deduplicated by the stream), once
        # under another message id (reaches the consumer; the inbox stops it).
        ack = await harness.js.publish(
            event.type, event.to_json(), headers={"Nats-Msg-Id": event.id}
        )
        assert ack.duplicate
        await harness.js.publish(event.type, event.to_json(), headers={"Nats-Msg-Id": "again"})
        marker = make_event()
        await harness.js.publish(marker.type, marker.to_json(), headers={"Nats-Msg-Id": marker.id})
        await wait_until(lambda: _has(recorder, [event.id, marker.id]))
        assert await recorder() == [event.id, marker.id]


async def _has(recorder: Any, expected: list[str]) -> bool:
    return sorted(await recorder()) == sorted(expected)


async def test_transient_failure_is_retried_after_a_delay_then_applied(
    fresh_nats: NatsServer, sessions: async_sessionmaker[AsyncSession], recorder: Any
) -> None:
    attempts: list[int] = []

    async def flaky(envelope: Envelope[Any], tx: Transaction) -> None:
        attempts.append(1)
        await record_effect(envelope, tx)
        if len(attempts) < 3:
            raise ConnectionError("database hiccup")

    async with Harness(fresh_nats, sessions, flaky) as harness:
        event = make_event()
        await harness.js.publish(event.type, event.to_json(), headers={"Nats-Msg-Id": event.id})
        await wait_until(lambda: _has(recorder, [event.id]))
        assert len(attempts) == 3
        assert await recorder() == [event.id]  # the failed attempts rolled back their effects
        assert await harness.dead_letters() == []


async def test_invalid_event_is_dead_lettered_at_once_with_the_reason(
    fresh_nats: NatsServer, sessions: async_sessionmaker[AsyncSession], recorder: Any
) -> None:
    async with Harness(fresh_nats, sessions, record_effect) as harness:
        raw = json.loads(make_event().to_json())
        raw["data"]["size_bytes"] = -3
        await harness.js.publish(UploadReceived.subject, json.dumps(raw).encode())
        await harness.js.publish(UploadReceived.subject, b"not json at all")

        async def two_letters() -> bool:
            return len(await harness.dead_letters()) == 2

        await wait_until(two_letters)
        # Both were dead-lettered within the same moment: find each by what it says.
        letters = sorted(await harness.dead_letters(), key=lambda letter: letter.stream_seq)
        assert all(letter.poison and letter.deliveries == 1 for letter in letters)
        assert "data.size_bytes" in letters[0].reason
        assert "not a HotStack envelope" in letters[1].reason
        assert letters[1].payload == b"not json at all"
        assert await recorder() == []


async def test_event_on_the_wrong_subject_is_dead_lettered(
    fresh_nats: NatsServer, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with Harness(fresh_nats, sessions, record_effect) as harness:
        # A consumer on a wildcard would see it; here we publish an UploadReceived
        # envelope claiming another type.
        raw = json.loads(make_event().to_json())
        raw["type"] = "hotstack.intent.failed.v1"
        await harness.js.publish(UploadReceived.subject, json.dumps(raw).encode())

        async def one_letter() -> bool:
            return len(await harness.dead_letters()) == 1

        await wait_until(one_letter)


async def test_handler_rejection_dead_letters_without_retrying(
    fresh_nats: NatsServer, sessions: async_sessionmaker[AsyncSession]
) -> None:
    calls: list[int] = []

    async def refuse(envelope: Envelope[Any], tx: Transaction) -> None:
        calls.append(1)
        raise Reject("upload belongs to an unknown tenant")

    async with Harness(fresh_nats, sessions, refuse) as harness:
        event = make_event()
        await harness.js.publish(event.type, event.to_json(), headers={"Nats-Msg-Id": event.id})

        async def one_letter() -> bool:
            return len(await harness.dead_letters()) == 1

        await wait_until(one_letter)
        letter = (await harness.dead_letters())[0]
        assert letter.reason == "upload belongs to an unknown tenant"
        assert letter.event_id == event.id
        assert calls == [1]


async def test_message_that_keeps_failing_is_dead_lettered_after_max_deliver(
    fresh_nats: NatsServer, sessions: async_sessionmaker[AsyncSession], recorder: Any
) -> None:
    calls: list[int] = []

    async def broken(envelope: Envelope[Any], tx: Transaction) -> None:
        calls.append(1)
        raise RuntimeError("template missing")

    async with Harness(fresh_nats, sessions, broken) as harness:
        event = make_event()
        await harness.js.publish(event.type, event.to_json(), headers={"Nats-Msg-Id": event.id})

        async def one_letter() -> bool:
            return len(await harness.dead_letters()) == 1

        await wait_until(one_letter)
        letter = (await harness.dead_letters())[0]
        assert not letter.poison
        assert letter.deliveries == 3
        assert "RuntimeError: template missing" in letter.reason
        assert len(calls) == 3
        assert DeadLetter.model_validate_json(letter.model_dump_json()).payload == event.to_json()
        assert await recorder() == []


async def test_provisioning_updates_an_existing_consumer_config(
    fresh_nats: NatsServer, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with Harness(fresh_nats, sessions, record_effect) as harness:
        info = await harness.js.consumer_info(STREAM_NAME, harness.consumer.durable)
        assert info.config.max_deliver == 3
        harness.consumer.retry = RetryPolicy(max_deliver=7, ack_wait=5.0, nak_delays=(0.1,))
        await harness.consumer.provision(harness.js)
        info = await harness.js.consumer_info(STREAM_NAME, harness.consumer.durable)
        assert info.config.max_deliver == 7
        assert info.config.filter_subject == UploadReceived.subject


async def record_batch(envelopes: Any, tx: Transaction) -> None:
    for envelope in envelopes:
        await record_effect(envelope, tx)


async def publish_all(harness: Harness, events: list[Envelope[Any]], *, twice: bool) -> None:
    for event in events:
        await harness.js.publish(event.type, event.to_json(), headers={"Nats-Msg-Id": event.id})
        if twice:
            await harness.js.publish(
                event.type, event.to_json(), headers={"Nats-Msg-Id": event.id + "-again"}
            )


async def test_batches_apply_many_events_in_one_transaction_each_once(
    fresh_nats: NatsServer, sessions: async_sessionmaker[AsyncSession], recorder: Any
) -> None:
    sizes: list[int] = []

    async def measured(envelopes: Any, tx: Transaction) -> None:
        sizes.append(len(envelopes))
        await record_batch(envelopes, tx)

    events = [make_event() for _ in range(120)]
    async with Harness(fresh_nats, sessions, measured, batch=True) as harness:
        await publish_all(harness, events, twice=True)
        await wait_until(lambda: _has(recorder, [e.id for e in events]), within=20)
        await asyncio.sleep(0.3)  # let any late duplicate arrive before counting
        assert sorted(await recorder()) == sorted(e.id for e in events)
        assert max(sizes) > 1


async def test_a_poison_message_in_a_batch_is_dead_lettered_and_the_rest_applied(
    fresh_nats: NatsServer, sessions: async_sessionmaker[AsyncSession], recorder: Any
) -> None:
    events = [make_event() for _ in range(10)]
    async with Harness(fresh_nats, sessions, record_batch, batch=True) as harness:
        await publish_all(harness, events[:5], twice=False)
        await harness.js.publish(UploadReceived.subject, b'{"type": "nonsense"}')
        await publish_all(harness, events[5:], twice=False)
        await wait_until(lambda: _has(recorder, [e.id for e in events]))

        async def one_letter() -> bool:
            return len(await harness.dead_letters()) == 1

        await wait_until(one_letter)


async def test_a_failing_event_falls_back_to_one_at_a_time_without_holding_back_others(
    fresh_nats: NatsServer, sessions: async_sessionmaker[AsyncSession], recorder: Any
) -> None:
    events = [make_event() for _ in range(12)]
    bad = events[4].id

    async def picky(envelopes: Any, tx: Transaction) -> None:
        if any(e.id == bad for e in envelopes):
            raise RuntimeError("cannot apply this one")
        await record_batch(envelopes, tx)

    async with Harness(fresh_nats, sessions, picky, batch=True) as harness:
        await publish_all(harness, events, twice=False)
        good = [e.id for e in events if e.id != bad]
        await wait_until(lambda: _has(recorder, good))

        async def one_letter() -> bool:
            return len(await harness.dead_letters()) == 1

        await wait_until(one_letter)
        letter = (await harness.dead_letters())[0]
        assert letter.event_id == bad
        assert letter.deliveries == 3


def count_transactions(harness: Harness) -> list[int]:
    """A list that grows by one for each transaction the harness's consumer opens."""
    opened: list[int] = []
    real = harness.consumer.transactions

    @contextlib.asynccontextmanager
    async def counted() -> Any:
        opened.append(1)
        async with real() as tx:
            yield tx

    harness.consumer.transactions = counted  # type: ignore[assignment]
    return opened


async def test_one_transaction_per_fetch_and_a_failing_event_is_undone_alone(
    fresh_nats: NatsServer, sessions: async_sessionmaker[AsyncSession], recorder: Any
) -> None:
    """The plain consumer applies a fetch in one transaction, each event in a savepoint: the
    event whose handler fails has its writes and emitted events undone and is retried,
    while the others of its batch commit at once."""
    events = [make_event() for _ in range(40)]
    bad = events[17].id
    failures: list[str] = []

    async def fails_once(envelope: Envelope[Any], tx: Transaction) -> None:
        await record_effect(envelope, tx)
        failed = IntentFailed(upload_id=envelope.data.upload_id, code="test", reason="echo")
        tx.emit(envelope.caused(failed, source="hotstack/test", subject="echo"))
        if envelope.id == bad and not failures:
            failures.append(envelope.id)
            raise ConnectionError("the handler's dependency hiccuped")

    async with Harness(fresh_nats, sessions, fails_once) as harness:
        opened = count_transactions(harness)
        await publish_all(harness, events, twice=False)
        await wait_until(lambda: _has(recorder, [e.id for e in events]), within=20)
        await asyncio.sleep(0.3)
        assert sorted(await recorder()) == sorted(e.id for e in events)  # each applied once
        assert failures == [bad]
        assert len(opened) < len(events) / 2  # batches, not one transaction per event
        async with sessions() as session:
            echoed = (await session.execute(sa.text("SELECT count(*) FROM outbox"))).scalar_one()
        assert echoed == len(events)  # the failed attempt's emitted event was undone with it


async def test_a_store_only_subscription_applies_a_fetch_without_savepoints_and_a_failure_alone(
    fresh_nats: NatsServer, sessions: async_sessionmaker[AsyncSession], recorder: Any
) -> None:
    """Everything a store-only handler does is in its transaction: a fetch is applied with
    no savepoint per event, and a batch in which one fails is undone whole and applied
    again one event at a time, so each event still takes effect exactly once."""
    first = [make_event() for _ in range(40)]
    second = [make_event() for _ in range(10)]
    bad = second[6].id
    failures: list[str] = []

    async def fails_once(envelope: Envelope[Any], tx: Transaction) -> None:
        await record_effect(envelope, tx)
        failed = IntentFailed(upload_id=envelope.data.upload_id, code="test", reason="echo")
        tx.emit(envelope.caused(failed, source="hotstack/test", subject="echo"))
        if envelope.id == bad and not failures:
            failures.append(envelope.id)
            raise ConnectionError("the handler's dependency hiccuped")

    async with Harness(fresh_nats, sessions, fails_once, store_only=True) as harness:
        opened = count_transactions(harness)
        savepoints: list[str] = []
        engine = sessions.kw["bind"].sync_engine
        sa.event.listen(engine, "savepoint", lambda _, name: savepoints.append(name))
        await publish_all(harness, first, twice=True)
        await wait_until(lambda: _has(recorder, [e.id for e in first]), within=20)
        await asyncio.sleep(0.3)
        assert sorted(await recorder()) == sorted(e.id for e in first)
        assert len(opened) < len(first) / 2  # batches, not one transaction per event
        assert savepoints == []

        await publish_all(harness, second, twice=False)
        everything = [e.id for e in [*first, *second]]
        await wait_until(lambda: _has(recorder, everything), within=20)
        await asyncio.sleep(0.3)
        assert sorted(await recorder()) == sorted(everything)  # each applied once
        assert failures == [bad]
        async with sessions() as session:
            echoed = (await session.execute(sa.text("SELECT count(*) FROM outbox"))).scalar_one()
        assert echoed == len(everything)  # what the failed batch emitted was undone with it
