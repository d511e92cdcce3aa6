"""Notifier's consumers: the events people are told about, and every event for webhooks."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from hotstack_contracts import (
    BuildCompleted,
    BuildFailed,
    Envelope,
    Event,
    FormSubmitted,
    IntentFailed,
    PaymentFailed,
    PaymentRequested,
    SitePublished,
    UploadReceived,
    new_id,
)
from hotstack_libs.bus import Subscription, Transaction
from hotstack_libs.timeutil import utcnow

from . import store
from .deps import Dependencies
from .domain.webhooks import matches

EMAILED: tuple[type[Event], ...] = (
    UploadReceived,
    BuildCompleted,
    PaymentRequested,
    SitePublished,
    IntentFailed,
    BuildFailed,
    PaymentFailed,
    FormSubmitted,
)
"""Events the notifier reads for emails (UploadReceived and BuildCompleted bring contacts)."""


def subscriptions(deps: Dependencies) -> Sequence[Subscription[Any]]:
    """What the notifier consumes: emails per event type, and every event for webhooks."""
    notifier = deps.notifier
    return [
        *(
            Subscription(event, notifier.on_event, on_give_up=notifier.on_give_up)
            for event in EMAILED
        ),
        Subscription(Event, fan_out, name="webhooks"),
    ]


def _payload(envelope: Envelope[Event]) -> bytes:
    return json.dumps(
        {
            "type": envelope.type,
            "id": envelope.id,
            "timestamp": envelope.time.isoformat(),
            "data": envelope.data.model_dump(mode="json"),
        },
        separators=(",", ":"),
    ).encode()


async def fan_out(envelope: Envelope[Event], tx: Transaction) -> None:
    """Schedule a delivery of `envelope` to each of its tenant's matching endpoints."""
    endpoints = await store.endpoints_of(tx.session, envelope.tenant)
    for endpoint in endpoints:
        if not endpoint.enabled or not matches(json.loads(endpoint.event_types), envelope.type):
            continue
        tx.session.add(
            store.WebhookDelivery(
                id=new_id("dlv"),
                tenant_id=envelope.tenant,
                endpoint_id=endpoint.id,
                event_id=envelope.id,
                event_type=envelope.type,
                message_id=f"msg_{envelope.id}",  # stable across retries: the receiver's key
                payload=_payload(envelope),
                status="pending",
                next_attempt_at=utcnow(),
            )
        )
