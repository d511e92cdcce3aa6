"""Upload's consumers: every pipeline event updates the upload it belongs to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hotstack_contracts import (
    BuildCompleted,
    BuildFailed,
    Envelope,
    Event,
    IntentExtracted,
    IntentFailed,
    PaymentFailed,
    PaymentRequested,
    PaymentSettled,
    SitePublished,
)
from hotstack_libs.bus import Subscription, Transaction
from hotstack_libs.timeutil import utcnow

from . import store
from .deps import Dependencies
from .domain.status import Status, advance


def subscriptions(_: Dependencies) -> Sequence[Subscription[Any]]:
    """What the upload service consumes."""
    return [Subscription(Event, record_pipeline_event, name="timeline", store_only=True)]


def _apply_payload(upload: store.UploadSession, data: Event) -> None:
    if isinstance(data, BuildCompleted):
        upload.preview_url = data.preview_url
    elif isinstance(data, PaymentRequested):
        upload.payment_id = data.payment_id
        upload.checkout_url = data.checkout_url
    elif isinstance(data, PaymentSettled):
        upload.payment_id = data.payment_id  # a revision's may be settled without asking
    elif isinstance(data, SitePublished):
        upload.site_url = data.site_url
    elif isinstance(data, IntentExtracted) and data.left_out:
        upload.notes = "\n".join(
            f"Picture {item.ref!r} is not on the site: {item.reason}" for item in data.left_out
        )
    elif isinstance(data, IntentFailed | BuildFailed | PaymentFailed):
        upload.error = data.reason


async def record_pipeline_event(envelope: Envelope[Event], tx: Transaction) -> None:
    """Add a downstream event to its upload's timeline and move the status on."""
    # Locked: replicas apply an upload's events side by side (settled and published may
    # arrive together), and each must see the status the other left.
    upload = await store.lock_session(tx.session, envelope.tenant, envelope.correlationid)
    if upload is None:
        return  # not one of ours (published by another system for an unknown upload)
    tx.session.add(
        store.UploadEvent(
            upload_id=upload.id, event_id=envelope.id, type=envelope.type, time=envelope.time
        )
    )
    status = advance(Status(upload.status), envelope.type)
    if status is Status.FAILED and upload.revision and upload.site_url:
        # A revision of a live site that could not finish (its brief unreadable, its extra
        # pages never paid for) leaves the site as it was: still published, with the reason.
        status = Status.PUBLISHED
    upload.status = status.value
    _apply_payload(upload, envelope.data)
    upload.updated_at = utcnow()
