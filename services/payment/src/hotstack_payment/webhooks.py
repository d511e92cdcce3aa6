"""The provider's webhooks: each verified charge event applied once."""

from __future__ import annotations

import json

from hotstack_libs.bus import TransactionFactory

from . import store
from .confirm import answer_waiting_keys
from .domain.states import PaymentStatus
from .service import decline, settle


class WebhookRejectedError(ValueError):
    """A provider webhook that is not a well-formed charge event."""


async def apply_provider_event(transactions: TransactionFactory, provider: str, body: bytes) -> str:
    """Apply a verified provider webhook once; return what happened."""
    try:
        event = json.loads(body)
        event_id, kind, data = str(event["id"]), str(event["type"]), event["data"]
        payment_id = str(data["payment_id"])
    except (ValueError, KeyError, TypeError) as error:
        raise WebhookRejectedError(f"not a charge event: {error}") from error
    if kind not in ("charge.succeeded", "charge.failed"):
        raise WebhookRejectedError(f"unsupported event type {kind!r}")
    async with transactions() as tx:
        if await tx.session.get(store.ProviderEvent, (provider, event_id)) is not None:
            return "duplicate"
        tx.session.add(store.ProviderEvent(provider=provider, event_id=event_id))
        payment = await store.lock_payment(tx.session, payment_id)
        if payment is None:
            return "unknown_payment"
        if payment.status != PaymentStatus.PROCESSING.value:
            return f"ignored: payment is {payment.status}"
        if kind == "charge.succeeded":
            settle(tx, payment, f"{provider} webhook {event_id}")
        else:
            decline(
                tx,
                payment,
                str(data.get("code", "card_declined")),
                str(data.get("message", "the payment failed")),
                f"{provider} webhook {event_id}",
            )
        await answer_waiting_keys(tx, payment)
    return "applied"
