"""Notifier's consumers: the events people are told about, and every event for webhooks."""

from __future__ import annotations

import asyncio
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
        Subscription(Event, FanOut(deps.deliveries_due).on_event, name="webhooks", store_only=True),
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


class FanOut:
    """Schedules each event for its tenant's endpoints, and wakes the delivery worker once
    the schedule is committed."""

    def __init__(self, due: asyncio.Event) -> None:
        self.due = due

    async def on_event(self, envelope: Envelope[Event], tx: Transaction) -> None:
        """Schedule a delivery of `envelope` to each of its tenant's matching endpoints."""
        endpoints = await store.endpoints_of(tx.session, envelope.tenant)
        wanted = [
            endpoint
            for endpoint in endpoints
            if endpoint.enabled and matches(json.loads(endpoint.event_types), envelope.type)
        ]
        for endpoint in wanted:
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
        if wanted:
            tx.after_commit(self.due.set)
