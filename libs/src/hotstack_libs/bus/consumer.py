"""Durable pull consumers: parse the contract, apply once, ack after commit, retry, dead-letter."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from faststream import AckPolicy
from faststream.nats import JStream, NatsBroker, PullSub
from faststream.nats.annotations import NatsMessage
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from opentelemetry.trace import SpanKind
from sqlalchemy.exc import IntegrityError

from hotstack_contracts import (
    DOMAIN_EVENTS_FILTER,
    STREAM_NAME,
    Envelope,
    Event,
    InvalidEventError,
    parse_event,
)

from .. import tracing
from ..logging import event_fields, get_logger
from ..metrics import EVENTS_CONSUMED, HANDLER_SECONDS
from ..tasks import stop_if_cancelling
from ..tracing import context_of, tracer
from .broker import PUBLISH_TIMEOUT_SECONDS, consumer_config, ensure_consumer
from .deadletter import DeadLetter
from .transaction import Transaction, TransactionFactory

log = get_logger(__name__)

E = TypeVar("E", bound=Event)

Handler = Callable[[Envelope[E], Transaction], Awaitable[None]]
BatchHandler = Callable[[Sequence[Envelope[E]], Transaction], Awaitable[None]]
GiveUpHook = Callable[[Envelope[E], str, Transaction], Awaitable[None]]


class Reject(Exception):  # noqa: N818 - reads as what the handler does: `raise Reject(...)`
    """Raised by a handler for a message that retrying can never fix: dead-letter it now."""


def subject_of(event: type[Event]) -> str:
    """The subject a subscription to `event` listens on: every domain event for `Event`."""
    return DOMAIN_EVENTS_FILTER if event is Event else event.subject


def narrowed(event: type[E], envelope: Envelope[Event]) -> Envelope[E]:
    """`envelope`, typed as carrying `event`; an event of another type is rejected."""
    if not isinstance(envelope.data, event):
        raise Reject(f"type: {envelope.type!r} is not a {event.__name__}")
    return cast("Envelope[E]", envelope)


@dataclass(frozen=True)
class Subscription(Generic[E]):
    """One consumed event type and the function that applies it.

    `Subscription(IntentExtracted, handler)` has mypy check that `handler` takes an
    `Envelope[IntentExtracted]`; `Subscription(Event, handler)` consumes every domain event.
    `on_give_up` runs in its own transaction when a message exhausts its deliveries, before it
    is dead-lettered: the place to record the failure as a fact (e.g. NotificationFailed).

    `store_only` says that everything the handler does is in the transaction it is given
    (rows, emitted events, `after_commit` wake-ups; no mail sent, no blob written, no call
    out): a fetched batch is then applied without a savepoint per event, and a batch in
    which one fails is applied again one event at a time. Otherwise each event gets a
    savepoint, so that a failing one is undone alone and the others' outside effects are
    never repeated.
    """

    event: type[E]
    handler: Handler[E]
    name: str = ""
    on_give_up: GiveUpHook[E] | None = None
    store_only: bool = False

    @property
    def subject(self) -> str:
        """The subject (or filter) consumed."""
        return subject_of(self.event)

    def durable(self, service: str) -> str:
        """Durable consumer name: stable per service and subject."""
        suffix = self.name or self.subject.removeprefix("hotstack.").replace(".", "-")
        return f"{service}-{suffix}".replace("*", "all").replace(">", "rest")

    async def apply(self, envelope: Envelope[Event], tx: Transaction) -> None:
        """Run the handler on `envelope`, typed as the event subscribed to."""
        await self.handler(narrowed(self.event, envelope), tx)

    async def give_up(self, envelope: Envelope[Event], reason: str, tx: Transaction) -> None:
        """Run the give-up hook, if there is one."""
        if self.on_give_up is not None:
            await self.on_give_up(narrowed(self.event, envelope), reason, tx)


_Waiting = tuple[Msg, "asyncio.Future[None]"]  # a delivered message, and who waits for it
_SETTLE_YIELDS = 3
_GAP_WAITS = 25  # waits of 1 ms


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded deliveries; naks wait longer each time."""

    max_deliver: int
    ack_wait: float
    nak_delays: Sequence[float]

    def delay(self, delivered: int) -> float:
        """Seconds before redelivery after the `delivered`-th attempt failed."""
        index = min(delivered - 1, len(self.nak_delays) - 1)
        return self.nak_delays[index] if self.nak_delays else 1.0


class EventConsumer:
    """Applies each message of one durable consumer exactly once, as far as effects go.

    The messages of one fetch are applied together: one transaction, one inbox claim,
    a savepoint per message, one commit (`handle_batch`).
    """

    def __init__(
        self,
        service: str,
        subscription: Subscription[Any],
        transactions: TransactionFactory,
        broker: NatsBroker,
        retry: RetryPolicy,
    ) -> None:
        self.service = service
        self.subscription: Subscription[Any] = subscription
        self.durable = subscription.durable(service)
        self.transactions = transactions
        self.broker = broker
        self.retry = retry
        self._pending: list[_Waiting] = []
        self._lock = asyncio.Lock()

    @staticmethod
    def parse(raw: Msg) -> Envelope[Event]:
        """The message's envelope, checked against the subject it came on."""
        envelope = parse_event(raw.data)
        if envelope.type != raw.subject:
            raise InvalidEventError(
                f"type: {envelope.type!r} was published on subject {raw.subject!r}"
            )
        return envelope

    def _handling(self, envelope: Envelope[Event]) -> AbstractContextManager[Any]:
        """Logs, and a consumer span when tracing is on, that name the event being handled."""
        fields = {
            "correlationid": envelope.correlationid,
            "event_id": envelope.id,
            "event_type": envelope.type,
            "tenant": envelope.tenant,
        }
        if not tracing.enabled():
            return event_fields(fields)
        return self._traced(envelope, fields)

    @contextmanager
    def _traced(self, envelope: Envelope[Event], fields: dict[str, str]) -> Iterator[None]:
        with (
            event_fields(fields),
            tracer.start_as_current_span(
                f"{envelope.type} process",
                context=context_of(envelope.traceparent),
                kind=SpanKind.CONSUMER,
                attributes={
                    "messaging.system": "nats",
                    "messaging.destination.name": envelope.type,
                    "messaging.message.id": envelope.id,
                    "messaging.consumer.group.name": self.durable,
                    "hotstack.tenant": envelope.tenant,
                    "hotstack.correlation_id": envelope.correlationid,
                },
            ),
        ):
            yield

    def _parsed(
        self, messages: Sequence[Msg]
    ) -> tuple[list[tuple[Msg, Envelope[Event]]], list[tuple[Msg, str]]]:
        """The messages' envelopes, and the messages that are no valid event, with why."""
        parsed: list[tuple[Msg, Envelope[Event]]] = []
        invalid: list[tuple[Msg, str]] = []
        for raw in messages:
            try:
                parsed.append((raw, self.parse(raw)))
            except InvalidEventError as error:
                invalid.append((raw, error.reason))
        return parsed, invalid

    async def process(self, raw: Msg) -> None:
        """Apply one message in its own transaction; ack, retry or dead-letter it."""
        delivered = raw.metadata.num_delivered or 1
        try:
            envelope = self.parse(raw)
        except InvalidEventError as error:
            await self._dead_letter(raw, error.reason, delivered, poison=True)
            return
        started = time.perf_counter()
        try:
            with self._handling(envelope):
                outcome = await self.apply(envelope)
        except Exception as error:
            await self._failed(raw, envelope, error)
            return
        HANDLER_SECONDS.labels(self.service, envelope.type).observe(time.perf_counter() - started)
        EVENTS_CONSUMED.labels(self.service, envelope.type, outcome).inc()
        await raw.ack()

    async def _failed(self, raw: Msg, envelope: Envelope[Event], error: Exception) -> None:
        """A handler failed on `envelope`: dead-letter a rejected event, retry another after a
        delay, or give up on it once its deliveries are spent."""
        delivered = raw.metadata.num_delivered or 1
        if isinstance(error, Reject):
            await self._dead_letter(raw, str(error), delivered, poison=True, event=envelope)
            return
        reason = f"{type(error).__name__}: {error}"
        with self._handling(envelope):
            if delivered >= self.retry.max_deliver:
                log.error("event.giving_up", error=reason, deliveries=delivered)
                await self._give_up(envelope, reason)
                await self._dead_letter(raw, reason, delivered, poison=False, event=envelope)
                return
            delay = self.retry.delay(delivered)
            log.warning("event.retrying", error=reason, deliveries=delivered, delay=delay)
        EVENTS_CONSUMED.labels(self.service, envelope.type, "retried").inc()
        await raw.nak(delay=delay)

    async def handle_batch(self, messages: Sequence[Msg]) -> None:
        """Apply a fetched batch in one transaction, each message in a savepoint of its own:
        a message whose handler fails is undone alone (and retried, or dead-lettered), the
        others commit together with their inbox marks, then are acked. The inbox is claimed
        for the whole batch first, so an event a replica is applying at the same moment
        waits for the replica's commit and is then a duplicate here. A transaction that
        cannot commit (the store went away) falls back to one transaction per message."""
        parsed, invalid = self._parsed(messages)
        for raw, reason in invalid:
            await self._dead_letter(raw, reason, raw.metadata.num_delivered or 1, poison=True)
        if not parsed:
            return
        started = time.perf_counter()
        try:
            outcomes = await self._apply_each([envelope for _, envelope in parsed])
        except Exception as error:
            stop_if_cancelling(error)
            log.warning("batch.falling_back", error=f"{type(error).__name__}: {error}")
            for raw, _ in parsed:
                await self.process(raw)
            return
        each = (time.perf_counter() - started) / len(parsed)
        counted: Counter[tuple[str, str]] = Counter()
        for raw, envelope in parsed:
            outcome = outcomes[envelope.id]
            if isinstance(outcome, Exception):
                await self._failed(raw, envelope, outcome)
                continue
            counted[envelope.type, outcome] += 1
            await raw.ack()
        for (kind, outcome), count in counted.items():
            EVENTS_CONSUMED.labels(self.service, kind, outcome).inc(count)
            seconds = HANDLER_SECONDS.labels(self.service, kind)
            for _ in range(count):
                seconds.observe(each)

    async def _apply_each(self, envelopes: Sequence[Envelope[Event]]) -> dict[str, str | Exception]:
        """Each event's outcome in one transaction: "applied", "duplicate", or its error.

        Each handler runs in a savepoint of its own, so that a failing one is undone alone.
        A store-only subscription's handlers run without one: an error then fails the whole
        batch (undone, effects and all), which `handle_batch` applies one message at a time.
        """
        store_only = self.subscription.store_only
        outcomes: dict[str, str | Exception] = {}
        async with self.transactions() as tx:
            fresh = await tx.claim(self.durable, list(dict.fromkeys(e.id for e in envelopes)))
            for envelope in envelopes:
                if envelope.id in outcomes or envelope.id not in fresh:
                    outcomes.setdefault(envelope.id, "duplicate")
                    continue
                try:
                    with self._handling(envelope):
                        async with nullcontext() if store_only else tx.savepoint():
                            await self.subscription.apply(envelope, tx)
                except Exception as error:
                    if store_only:
                        raise
                    stop_if_cancelling(error)
                    outcomes[envelope.id] = error
                    continue
                outcomes[envelope.id] = "applied"
            failed = [i for i, outcome in outcomes.items() if isinstance(outcome, Exception)]
            await tx.unclaim(self.durable, failed)
        return outcomes

    async def apply(self, envelope: Envelope[Event]) -> str:
        """Run the handler and the inbox mark in one transaction: "applied" or "duplicate"."""
        try:
            async with self.transactions() as tx:
                if await tx.already_processed(self.durable, envelope.id):
                    return "duplicate"
                await self.subscription.apply(envelope, tx)
                tx.mark_processed(self.durable, envelope.id)
        except IntegrityError:
            # A replica (or a concurrent delivery) applied it first; our effects rolled back.
            async with self.transactions() as tx:
                if await tx.already_processed(self.durable, envelope.id):
                    return "duplicate"
            raise
        return "applied"

    async def _give_up(self, envelope: Envelope[Event], reason: str) -> None:
        if self.subscription.on_give_up is None:
            return
        try:
            async with self.transactions() as tx:
                await self.subscription.give_up(envelope, reason, tx)
        except Exception as error:  # the dead letter still records it
            log.error("event.give_up_hook_failed", error=str(error))

    async def _dead_letter(
        self,
        raw: Msg,
        reason: str,
        delivered: int,
        *,
        poison: bool,
        event: Envelope[Event] | None = None,
    ) -> None:
        letter = DeadLetter.of(
            raw.data,
            service=self.service,
            consumer=self.durable,
            subject=raw.subject,
            stream_seq=raw.metadata.sequence.stream,
            deliveries=delivered,
            reason=reason,
            poison=poison,
            event_id=event.id if event else None,
        )
        js: JetStreamContext = self.broker.config.connection_state.stream
        try:
            await js.publish(
                letter.subject_for,
                letter.model_dump_json().encode(),
                timeout=PUBLISH_TIMEOUT_SECONDS,
                stream=STREAM_NAME,
                headers={"Nats-Msg-Id": letter.msg_id},
            )
        except Exception as error:  # could not park it: let it come back later
            log.warning("event.dead_letter_failed", error=str(error))
            await raw.nak(delay=self.retry.delay(delivered))
            return
        log.error("event.dead_lettered", reason=reason, subject=raw.subject, poison=poison)
        EVENTS_CONSUMED.labels(self.service, raw.subject, "dead_lettered").inc()
        await raw.term()

    async def receive(self, raw: Msg) -> None:
        """What the subscriber does with each delivered message: join the batch of its
        fetch, and return once that batch was applied (or the message retried).

        FastStream's own batch mode is not used: with nats-py 2.16 a fetch whose remaining
        time is under 0.1 ms raises the builtin TimeoutError, which its batch loop does not
        catch, and the subscriber stops silently.
        """
        done = asyncio.get_running_loop().create_future()
        self._pending.append((raw, done))
        if len(self._pending) == 1:
            asyncio.create_task(self._flush_soon())  # noqa: RUF006 - awaited through `done`
        await done

    async def _flush_soon(self) -> None:
        # FastStream starts one callback per fetched message; each passes its middlewares
        # before joining. Wait until no more join, then apply batches one at a time.
        seen = -1
        while len(self._pending) != seen:
            seen = len(self._pending)
            for _ in range(_SETTLE_YIELDS):
                await asyncio.sleep(0)
        await self._before_flush()
        async with self._lock:
            batch, self._pending = self._pending, []
            if not batch:
                return
            batch = self._taking(batch)
            try:
                await self.handle_batch([raw for raw, _ in batch])
            except BaseException as error:
                for _, done in batch:
                    if not done.done():
                        done.set_exception(error)
                raise
            for _, done in batch:
                if not done.done():
                    done.set_result(None)

    async def _before_flush(self) -> None:
        """Anything to wait for before a collected batch is taken (nothing, here)."""

    def _taking(self, batch: list[_Waiting]) -> list[_Waiting]:
        """The batch about to be applied, in the order to apply it: as fetched, here."""
        return batch

    def register(self, batch_size: int, wait_seconds: float = 1.0) -> None:
        """Attach this consumer to the broker as a durable pull subscriber (manual acks).

        Each pull waits up to `wait_seconds` on the server for messages (a message that
        arrives meanwhile is handed over at once): at rest, a consumer asks once per wait."""

        async def on_message(message: NatsMessage) -> None:
            await self.receive(message.raw_message)

        on_message.__name__ = self.durable.replace("-", "_")
        self.broker.subscriber(
            self.subscription.subject,
            stream=JStream(STREAM_NAME, declare=False),
            durable=self.durable,
            pull_sub=PullSub(batch_size=batch_size, timeout=wait_seconds),
            config=self.config(),
            ack_policy=AckPolicy.MANUAL,
        )(on_message)

    def config(self) -> Any:
        """The consumer's server-side configuration."""
        return consumer_config(
            self.durable,
            self.subscription.subject,
            max_deliver=self.retry.max_deliver,
            ack_wait=self.retry.ack_wait,
        )

    async def provision(self, js: JetStreamContext) -> None:
        """Create or update the durable consumer on the server."""
        await ensure_consumer(js, self.config())


@dataclass(frozen=True)
class BatchSubscription(Generic[E]):
    """One consumed event type applied a fetched batch at a time, in one transaction."""

    event: type[E]
    handler: BatchHandler[E]
    name: str = ""

    @property
    def subject(self) -> str:
        """The subject (or filter) consumed."""
        return subject_of(self.event)

    async def apply(self, envelopes: Sequence[Envelope[Event]], tx: Transaction) -> None:
        """Run the handler on `envelopes`, typed as the event subscribed to."""
        await self.handler([narrowed(self.event, envelope) for envelope in envelopes], tx)

    def durable(self, service: str) -> str:
        """Durable consumer name: stable per service and subject."""
        return self.single().durable(service)

    def single(self) -> Subscription[E]:
        """The same handler applied to one event (the fallback path)."""

        async def one(envelope: Envelope[E], tx: Transaction) -> None:
            await self.handler([envelope], tx)

        return Subscription(self.event, one, self.name)


class BatchEventConsumer(EventConsumer):
    """Applies a whole fetched batch in one transaction through one batch handler, in
    stream order; a failing batch falls back to one message at a time, so one bad message
    retries (or dead-letters) alone."""

    def __init__(
        self,
        service: str,
        subscription: BatchSubscription[Any],
        transactions: TransactionFactory,
        broker: NatsBroker,
        retry: RetryPolicy,
    ) -> None:
        super().__init__(service, subscription.single(), transactions, broker, retry)
        self.batch = subscription
        self._applied_through = 0  # the highest consumer sequence taken into a batch

    def _missing(self, messages: Sequence[Msg]) -> bool:
        """Whether a delivery is missing before or among these (by consumer sequence)."""
        sequences = {raw.metadata.sequence.consumer for raw in messages}
        if not sequences:
            return False
        hole = max(sequences) - min(sequences) + 1 != len(sequences)
        return hole or bool(self._applied_through and min(sequences) > self._applied_through + 1)

    async def _before_flush(self) -> None:
        # Deliveries to this consumer are numbered consecutively. A number missing among
        # those collected, or between the last applied and the first collected, is most
        # likely a message of this fetch whose callback has not joined yet: applying
        # without it would chain it after later events. Wait for it, a bounded while (a
        # replica sharing the durable took it, if it never comes).
        for _ in range(_GAP_WAITS):
            if not self._missing([raw for raw, _ in self._pending]):
                break
            await asyncio.sleep(0.001)

    def _taking(self, batch: list[_Waiting]) -> list[_Waiting]:
        # In stream order: the chain's order is the stream's.
        batch.sort(key=lambda item: item[0].metadata.sequence.stream)
        self._applied_through = max(
            self._applied_through, *(raw.metadata.sequence.consumer for raw, _ in batch)
        )
        return batch

    async def _apply_each(self, envelopes: Sequence[Envelope[Event]]) -> dict[str, str | Exception]:
        """The whole batch through the batch handler, in one transaction: a failure fails
        the batch, which `handle_batch` then applies one message at a time."""
        async with self.transactions() as tx:
            claimed = await tx.claim(self.durable, list(dict.fromkeys(e.id for e in envelopes)))
            fresh = {e.id: e for e in envelopes if e.id in claimed}
            if fresh:
                await self.batch.apply(list(fresh.values()), tx)
        return {e.id: "applied" if e.id in fresh else "duplicate" for e in envelopes}
