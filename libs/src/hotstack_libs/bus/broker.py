"""The NATS broker, the HOTSTACK stream and durable pull consumers, provisioned in one place."""

from __future__ import annotations

import asyncio
from typing import Any

import nats.errors
from faststream.nats import NatsBroker
from nats.js import JetStreamContext
from nats.js.api import (
    AckPolicy,
    ConsumerConfig,
    DeliverPolicy,
    DiscardPolicy,
    RetentionPolicy,
    StorageType,
    StreamConfig,
)
from nats.js.errors import NotFoundError

from hotstack_contracts import STREAM_NAME, STREAM_SUBJECTS

from ..logging import get_logger
from ..tasks import stop_if_cancelling

log = get_logger(__name__)

DUPLICATE_WINDOW_SECONDS = 120.0
PUBLISH_TIMEOUT_SECONDS = 5.0


def stream_config(replicas: int = 1) -> StreamConfig:
    """The one definition of the HOTSTACK stream."""
    return StreamConfig(
        name=STREAM_NAME,
        subjects=list(STREAM_SUBJECTS),
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        discard=DiscardPolicy.OLD,
        duplicate_window=DUPLICATE_WINDOW_SECONDS,
        max_age=30 * 24 * 3600.0,
        num_replicas=replicas,
    )


def create_broker(nats_url: str, service: str) -> NatsBroker:
    """A broker that keeps reconnecting forever and writes no per-message access log."""
    return NatsBroker(
        servers=[url.strip() for url in nats_url.split(",")],
        name=f"hotstack-{service}",
        max_reconnect_attempts=-1,
        reconnect_time_wait=1,
        connect_timeout=2,
        logger=None,
        graceful_timeout=10.0,
    )


async def ensure_stream(js: JetStreamContext, replicas: int = 1) -> None:
    """Create the stream if it is missing; never rewrite an existing one's settings."""
    try:
        info = await js.stream_info(STREAM_NAME)
    except NotFoundError:
        await js.add_stream(stream_config(replicas))
        log.info("stream.created", stream=STREAM_NAME)
        return
    if sorted(info.config.subjects or []) != sorted(STREAM_SUBJECTS):
        log.warning("stream.subjects_differ", stream=STREAM_NAME, subjects=info.config.subjects)


def consumer_config(
    durable: str,
    filter_subject: str,
    *,
    max_deliver: int,
    ack_wait: float,
    max_ack_pending: int = 1000,
) -> ConsumerConfig:
    """A durable pull consumer with explicit acks and bounded deliveries."""
    return ConsumerConfig(
        durable_name=durable,
        filter_subject=filter_subject,
        ack_policy=AckPolicy.EXPLICIT,
        deliver_policy=DeliverPolicy.ALL,
        max_deliver=max_deliver,
        ack_wait=ack_wait,
        max_ack_pending=max_ack_pending,
    )


async def ensure_consumer(js: JetStreamContext, config: ConsumerConfig) -> None:
    """Create or update a durable consumer (binding alone would keep a stale config)."""
    await js.add_consumer(STREAM_NAME, config)


class JetStreamPublisher:
    """Publishes outbox rows with `Nats-Msg-Id`, awaiting the stream's ack."""

    def __init__(self, broker: NatsBroker) -> None:
        self.broker = broker

    async def publish(self, subject: str, payload: bytes, msg_id: str) -> None:
        """Publish and wait for the PubAck."""
        js = self.broker.config.connection_state.stream
        await js.publish(
            subject,
            payload,
            timeout=PUBLISH_TIMEOUT_SECONDS,
            stream=STREAM_NAME,
            headers={"Nats-Msg-Id": msg_id, "content-type": "application/cloudevents+json"},
        )


async def connect_with_retry(broker: NatsBroker, *, max_wait: float = 5.0) -> None:
    """Connect, retrying with capped backoff until NATS answers (services may start first)."""
    delay = 0.2
    while True:
        try:
            await broker.connect()
            return
        except asyncio.CancelledError:
            raise
        except Exception as error:
            stop_if_cancelling(error)
            log.warning("nats.connect_failed", error=str(error), retry_in=delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, max_wait)


# nats-py turns a fetch timeout into the server's `expires` minus 100 µs; below 100 µs the
# request cannot expire on the server and the fetch ends in the builtin TimeoutError of
# asyncio's timer, not in nats.errors.TimeoutError. FastStream's batch loop fetches with
# whatever remains of its window and catches only the latter, so a window that happens to
# end within 100 µs of a fetch kills the subscriber's consuming task silently (see
# docs/upstream/faststream-batch-timeout.md). A window that short is spent: end it as any
# other timeout, so the loop hands over what it has.
MIN_FETCH_SECONDS = 0.001


def guard_batch_fetch(subscription: Any) -> None:
    """Make a started batch pull subscriber's fetches end in nats' own TimeoutError when
    the time left is too short to ask the server for (see MIN_FETCH_SECONDS)."""
    fetch = subscription.fetch

    async def guarded(
        batch: int = 1,
        timeout: float | None = 5,  # noqa: ASYNC109 - the signature of the fetch it replaces
        heartbeat: Any = None,
    ) -> Any:
        if timeout is not None and timeout < MIN_FETCH_SECONDS:
            raise nats.errors.TimeoutError
        return await fetch(batch=batch, timeout=timeout, heartbeat=heartbeat)

    subscription.fetch = guarded
