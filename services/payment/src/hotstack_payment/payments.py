"""Payment commands: open a payment for a build, confirm it with a card."""

from __future__ import annotations

import asyncio
import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pydantic import BaseModel

from hotstack_contracts import (
    BuildCompleted,
    Envelope,
    PaymentFailed,
    PaymentRequested,
    PaymentSettled,
    new_id,
)
from hotstack_libs.bus import Transaction, TransactionFactory
from hotstack_libs.logging import get_logger
from hotstack_libs.timeutil import as_utc, utcnow

from . import store
from .domain.pricing import quote
from .domain.sandbox import charge, normalise_card
from .domain.states import PaymentStatus, transition

SOURCE = "hotstack/payment"
log = get_logger(__name__)


class TransitionView(BaseModel):
    """A recorded status change."""

    from_status: str | None
    to_status: str
    cause: str
    at: str


class PaymentView(BaseModel):
    """A payment as the API shows it."""

    payment_id: str
    build_id: str
    upload_id: str
    site_name: str
    status: str
    currency: str
    amount_grains: int
    care_loop_grains: int
    total_grains: int
    checkout_url: str
    expires_at: str
    failure_code: str | None
    failure_message: str | None
    transitions: list[TransitionView]


class PaymentNotFoundError(LookupError):
    """No such payment for this tenant."""


class IdempotencyMismatchError(ValueError):
    """The key was used before with another request."""


class PaymentStateError(ValueError):
    """The payment cannot be confirmed in its current state."""


@dataclass(frozen=True)
class ConfirmResult:
    """HTTP status and body of a confirm, as first answered."""

    status_code: int
    body: dict[str, Any]
    replayed: bool


def _move(tx: Transaction, payment: store.Payment, target: PaymentStatus, cause: str) -> None:
    current = PaymentStatus(payment.status)
    payment.status = transition(current, target).value
    payment.updated_at = utcnow()
    tx.session.add(
        store.PaymentTransition(
            payment_id=payment.id, from_status=current.value, to_status=target.value, cause=cause
        )
    )


async def view(tx_session: Any, payment: store.Payment) -> PaymentView:
    """The API view of a payment with its history."""
    history = await store.transitions_of(tx_session, payment.id)
    return PaymentView(
        payment_id=payment.id,
        build_id=payment.build_id,
        upload_id=payment.upload_id,
        site_name=payment.site_name,
        status=payment.status,
        currency=payment.currency,
        amount_grains=payment.amount_grains,
        care_loop_grains=payment.care_loop_grains,
        total_grains=payment.total_grains,
        checkout_url=payment.checkout_url,
        expires_at=as_utc(payment.expires_at).isoformat(),
        failure_code=payment.failure_code,
        failure_message=payment.failure_message,
        transitions=[
            TransitionView(
                from_status=t.from_status,
                to_status=t.to_status,
                cause=t.cause,
                at=as_utc(t.at).isoformat(),
            )
            for t in history
        ],
    )


class PaymentDesk:
    """Opens payments for completed builds."""

    def __init__(
        self, public_url: str, base_grains: int, per_page_grains: int, expires_after: float
    ) -> None:
        self.public_url = public_url
        self.base_grains = base_grains
        self.per_page_grains = per_page_grains
        self.expires_after = timedelta(seconds=expires_after)

    async def on_build_completed(self, envelope: Envelope[Any], tx: Transaction) -> None:
        """Quote the build and ask for payment."""
        event: BuildCompleted = envelope.data
        price = quote(
            event.page_count, base_grains=self.base_grains, per_page_grains=self.per_page_grains
        )
        payment_id = new_id("pay")
        checkout_url = f"{self.public_url}/api/payments/{payment_id}"
        expires_at = utcnow() + self.expires_after
        payment = store.Payment(
            id=payment_id,
            tenant_id=envelope.tenantid,
            build_id=event.build_id,
            upload_id=event.upload_id,
            site_name=event.site_name,
            amount_grains=price.amount_grains,
            care_loop_grains=price.care_loop_grains,
            total_grains=price.total_grains,
            status=PaymentStatus.REQUIRES_PAYMENT_METHOD.value,
            checkout_url=checkout_url,
            expires_at=expires_at,
        )
        tx.session.add(payment)
        await tx.session.flush()
        tx.session.add(
            store.PaymentTransition(
                payment_id=payment_id,
                from_status=None,
                to_status=payment.status,
                cause=f"build {event.build_id} completed",
            )
        )
        tx.emit(
            envelope.caused(
                PaymentRequested(
                    payment_id=payment_id,
                    build_id=event.build_id,
                    upload_id=event.upload_id,
                    amount_grains=price.amount_grains,
                    care_loop_grains=price.care_loop_grains,
                    total_grains=price.total_grains,
                    checkout_url=checkout_url,
                    expires_at=expires_at,
                ),
                source=SOURCE,
                subject=payment_id,
            )
        )


async def expire_unpaid(transactions: TransactionFactory, batch: int = 100) -> int:
    """Fail every unpaid payment past its expiry with PaymentFailed(expired); return how many."""
    async with transactions() as tx:
        expired = await store.lock_expired(tx.session, utcnow(), batch)
        for payment in expired:
            payment.failure_code = "expired"
            payment.failure_message = "the payment was not made in time"
            _move(tx, payment, PaymentStatus.FAILED, "expired unpaid")
            tx.emit(
                Envelope.new(
                    PaymentFailed(
                        payment_id=payment.id,
                        build_id=payment.build_id,
                        upload_id=payment.upload_id,
                        code="expired",
                        reason="the payment was not made in time",
                    ),
                    source=SOURCE,
                    tenant=payment.tenant_id,
                    correlation_id=payment.upload_id,
                    subject=payment.id,
                )
            )
    return len(expired)


async def expire_forever(transactions: TransactionFactory, every_seconds: float) -> None:
    """Run `expire_unpaid` until cancelled."""
    while True:
        try:
            while await expire_unpaid(transactions) > 0:
                pass
        except asyncio.CancelledError:
            raise
        except Exception as error:  # database down: try again next round
            log.warning("payment.expiry_failed", error=str(error))
        await asyncio.sleep(every_seconds)


def _fingerprint(payment_id: str, card_number: str) -> str:
    return hashlib.sha256(f"{payment_id}\x00{card_number}".encode()).hexdigest()


async def confirm_payment(
    transactions: TransactionFactory,
    *,
    tenant: str,
    payment_id: str,
    card_number: str,
    idempotency_key: str | None,
) -> ConfirmResult:
    """Charge the card once; a reused key replays the first answer."""
    digits = normalise_card(card_number)
    fingerprint = _fingerprint(payment_id, digits)
    async with transactions() as tx:
        # Lock the payment first: concurrent confirms queue here, then see each other's keys.
        payment = await store.lock_payment(tx.session, payment_id)
        if payment is None or payment.tenant_id != tenant:
            raise PaymentNotFoundError(payment_id)
        if idempotency_key:
            earlier = await store.find_key(tx.session, tenant, idempotency_key)
            if earlier is not None:
                if earlier.request_hash != fingerprint:
                    raise IdempotencyMismatchError(
                        "Idempotency-Key was already used with a different request"
                    )
                return ConfirmResult(
                    earlier.response_status, json.loads(earlier.response_body), True
                )
        if payment.status != PaymentStatus.REQUIRES_PAYMENT_METHOD.value:
            raise PaymentStateError(f"payment is already {payment.status}")
        if as_utc(payment.expires_at) <= utcnow():
            raise PaymentStateError("payment has expired")

        _move(tx, payment, PaymentStatus.PROCESSING, "card submitted")
        result = charge(digits)
        correlation = {
            "tenant": tenant,
            "correlation_id": payment.upload_id,
            "subject": payment.id,
            "source": SOURCE,
        }
        if result.succeeded:
            reference = new_id("ch")
            payment.provider_reference = reference
            _move(tx, payment, PaymentStatus.SUCCEEDED, "sandbox charge succeeded")
            tx.emit(
                Envelope.new(
                    PaymentSettled(
                        payment_id=payment.id,
                        build_id=payment.build_id,
                        upload_id=payment.upload_id,
                        amount_grains=payment.amount_grains,
                        care_loop_grains=payment.care_loop_grains,
                        total_grains=payment.total_grains,
                        provider=payment.provider,
                        provider_reference=reference,
                    ),
                    **correlation,
                )
            )
            status_code = 200
        else:
            payment.failure_code = result.code
            payment.failure_message = result.message
            _move(tx, payment, PaymentStatus.FAILED, f"sandbox: {result.code}")
            tx.emit(
                Envelope.new(
                    PaymentFailed(
                        payment_id=payment.id,
                        build_id=payment.build_id,
                        upload_id=payment.upload_id,
                        code=result.code,
                        reason=result.message,
                    ),
                    **correlation,
                )
            )
            status_code = 402
        await tx.session.flush()
        body = (await view(tx.session, payment)).model_dump(mode="json")
        if idempotency_key:
            tx.session.add(
                store.IdempotencyKey(
                    tenant_id=tenant,
                    key=idempotency_key,
                    payment_id=payment.id,
                    request_hash=fingerprint,
                    response_status=status_code,
                    response_body=json.dumps(body),
                )
            )
    return ConfirmResult(status_code, body, False)
