"""Operator commands over the bus: publish a validated event, list and replay dead letters."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import nats
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from hotstack_contracts import DLQ_PREFIX, STREAM_NAME, Envelope, InvalidEventError, parse_event
from hotstack_libs.bus.broker import ensure_stream
from hotstack_libs.bus.deadletter import DeadLetter

FETCH_TIMEOUT_SECONDS = 1.0


@dataclass(frozen=True)
class Published:
    """Where an event landed."""

    subject: str
    event_id: str
    stream_seq: int
    duplicate: bool


def validate_for(subject: str, raw: bytes | str | dict[str, Any]) -> Envelope[Any]:
    """The event, if it is valid for `subject`; InvalidEventError naming the field otherwise."""
    envelope = parse_event(raw)
    if envelope.type != subject:
        raise InvalidEventError(f"type: {envelope.type!r} does not match subject {subject!r}")
    return envelope


async def publish(nats_url: str, subject: str, raw: bytes) -> Published:
    """Validate against the contract, then publish with Nats-Msg-Id = event id."""
    envelope = validate_for(subject, raw)
    client = await nats.connect(nats_url, connect_timeout=3, max_reconnect_attempts=0)
    try:
        await ensure_stream(client.jetstream())
        ack = await client.jetstream().publish(
            subject, envelope.to_json(), stream=STREAM_NAME, headers={"Nats-Msg-Id": envelope.id}
        )
    finally:
        await client.close()
    return Published(subject, envelope.id, ack.seq, bool(ack.duplicate))


async def dead_letters(
    nats_url: str, service: str | None = None, limit: int = 100
) -> list[tuple[int, DeadLetter]]:
    """Dead letters in the stream (stream sequence, letter), oldest first; nothing is consumed."""
    subject = f"{DLQ_PREFIX}.{service}" if service else f"{DLQ_PREFIX}.*"
    client = await nats.connect(nats_url, connect_timeout=3, max_reconnect_attempts=0)
    try:
        js = client.jetstream()
        # An ephemeral consumer that acks nothing back to anyone: listing never removes letters.
        subscription = await js.pull_subscribe(
            subject,
            stream=STREAM_NAME,
            config=ConsumerConfig(ack_policy=AckPolicy.NONE, deliver_policy=DeliverPolicy.ALL),
        )
        letters: list[tuple[int, DeadLetter]] = []
        while len(letters) < limit:
            try:
                batch = await subscription.fetch(
                    min(100, limit - len(letters)), timeout=FETCH_TIMEOUT_SECONDS
                )
            # nats-py raises its own TimeoutError or, from a fetch cut short, asyncio's: the
            # built-in one is the base of both.
            except TimeoutError:
                break
            letters.extend(
                (m.metadata.sequence.stream, DeadLetter.model_validate_json(m.data)) for m in batch
            )
        await subscription.unsubscribe()
        return letters
    finally:
        await client.close()


async def replay(nats_url: str, stream_seq: int) -> Published:
    """Publish a dead letter's original event again under a new message id, so it is delivered.

    Consumers' inboxes still apply it at most once.
    """
    client = await nats.connect(nats_url, connect_timeout=3, max_reconnect_attempts=0)
    try:
        js = client.jetstream()
        stored = await js.get_msg(STREAM_NAME, stream_seq)
        if not stored.subject or not stored.subject.startswith(DLQ_PREFIX + "."):
            raise ValueError(f"stream message {stream_seq} is not a dead letter")
        letter = DeadLetter.model_validate_json(stored.data or b"")
        envelope = validate_for(letter.subject, letter.payload)
        ack = await js.publish(
            letter.subject,
            envelope.to_json(),
            stream=STREAM_NAME,
            headers={"Nats-Msg-Id": f"{envelope.id}-replay-{stream_seq}"},
        )
    finally:
        await client.close()
    return Published(letter.subject, envelope.id, ack.seq, bool(ack.duplicate))


def describe(letter: DeadLetter) -> str:
    """One line per dead letter."""
    return json.dumps(
        {
            "service": letter.service,
            "subject": letter.subject,
            "event_id": letter.event_id,
            "deliveries": letter.deliveries,
            "poison": letter.poison,
            "reason": letter.reason,
            "failed_at": letter.failed_at.isoformat(),
        }
    )
