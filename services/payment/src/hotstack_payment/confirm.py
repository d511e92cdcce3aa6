"""Confirming a payment with a card, once per idempotency key, and cancelling one."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from hotstack_libs.bus import Transaction, TransactionFactory
from hotstack_libs.timeutil import as_utc, utcnow

from . import store
from .domain.sandbox import normalise_card
from .domain.states import PaymentStatus
from .providers import PaymentProvider
from .service import (
    IdempotencyMismatchError,
    PaymentNotFoundError,
    PaymentStateError,
    PriceChangedError,
    decline,
    fail,
    move,
    settle,
)
from .views import view


@dataclass(frozen=True)
class ConfirmResult:
    """HTTP status and body of a confirm, as first answered."""

    status_code: int
    body: dict[str, Any]
    replayed: bool


def request_fingerprint(payment_id: str, card_number: str) -> str:
    """What makes two confirms the same request: the payment and the card."""
    return hashlib.sha256(f"{payment_id}\x00{card_number}".encode()).hexdigest()


INTERRUPTED = "the payment was interrupted before the bank answered: nothing was charged"
IN_PROGRESS = 0
"""An idempotency key's response status while its confirmation is still charging."""


async def confirm_payment(
    transactions: TransactionFactory,
    provider: PaymentProvider,
    *,
    tenant: str,
    payment_id: str,
    card_number: str,
    idempotency_key: str | None,
    expected_total: int | None = None,
) -> ConfirmResult:
    """Charge the card once; a reused key replays the first answer. A declined card leaves
    the payment open for another one (402).

    No transaction is open while the provider is called: the payment moves to processing
    (and the key is recorded as in progress) in one transaction, the card is charged, and
    the outcome is applied in a second. Concurrent confirms meet the payment's row lock in
    the first and find it processing. With `expected_total` (what the payer was shown),
    a payment re-quoted meanwhile (a revision) is not charged: PriceChangedError."""
    digits = normalise_card(card_number)
    fingerprint = request_fingerprint(payment_id, digits)
    started = await begin_attempt(
        transactions,
        provider.name,
        tenant,
        payment_id,
        idempotency_key,
        fingerprint,
        expected_total,
    )
    if isinstance(started, ConfirmResult):
        return started
    try:
        result, reference = await provider.charge(
            payment_id, started, digits, idempotency_key=f"{payment_id}:{fingerprint}"
        )
    except BaseException:
        await _abandon(transactions, payment_id, tenant, idempotency_key)
        raise
    async with transactions() as tx:
        payment = await store.lock_payment(tx.session, payment_id)
        assert payment is not None  # payments are never deleted
        deciding = payment.status == PaymentStatus.PROCESSING.value
        if deciding:
            payment.provider_reference = reference
            if result.status == "succeeded":
                settle(tx, payment, f"{provider.name} charge succeeded")
            elif result.status == "failed":
                decline(tx, payment, result.code, result.message, f"{provider.name}: {result.code}")
        # else: decided meanwhile (a provider webhook, or this key's other request): the
        # answer is that decision's, a replay
        status_code, body = await _answer(tx, payment, tenant, idempotency_key)
    return ConfirmResult(status_code, body, not deciding)


async def begin_attempt(
    transactions: TransactionFactory,
    provider_name: str,
    tenant: str,
    payment_id: str,
    idempotency_key: str | None,
    fingerprint: str,
    expected_total: int | None = None,
) -> ConfirmResult | int:
    """Move the payment to processing and record the key as in progress: the amount to
    charge. Or the answer given before under the same key. A key still in progress whose
    payment is still processing is charged again: its first request may have died after
    the charge, and the provider's idempotency key makes the second charge the first one."""
    async with transactions() as tx:
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
                if earlier.response_status != IN_PROGRESS:
                    return ConfirmResult(
                        earlier.response_status, json.loads(earlier.response_body), True
                    )
                if payment.status == PaymentStatus.PROCESSING.value:
                    return payment.total_grains
                code, body = await _answer(tx, payment, tenant, idempotency_key)
                return ConfirmResult(code, body, True)
        if payment.status != PaymentStatus.REQUIRES_PAYMENT_METHOD.value:
            raise PaymentStateError(f"payment is already {payment.status}")
        if as_utc(payment.expires_at) <= utcnow():
            raise PaymentStateError("payment has expired")
        if expected_total is not None and expected_total != payment.total_grains:
            raise PriceChangedError(payment.total_grains)  # checked under the row lock
        payment.failure_code = payment.failure_message = None  # a new attempt
        payment.provider = provider_name  # so that reconciliation can ask it, whatever happens
        payment.provider_reference = None  # not the last attempt's charge
        move(tx, payment, PaymentStatus.PROCESSING, "card submitted")
        if idempotency_key:
            tx.session.add(
                store.IdempotencyKey(
                    tenant_id=tenant,
                    key=idempotency_key,
                    payment_id=payment_id,
                    request_hash=fingerprint,
                    response_status=IN_PROGRESS,
                    response_body="",
                )
            )
        return payment.total_grains


async def _answer(
    tx: Transaction, payment: store.Payment, tenant: str, idempotency_key: str | None
) -> tuple[int, dict[str, Any]]:
    """What a confirm answers for the payment as it stands, kept under its key."""
    status_code = _status_code(payment)
    await tx.session.flush()
    body = (await view(tx.session, payment)).model_dump(mode="json")
    if idempotency_key:
        key = await store.find_key(tx.session, tenant, idempotency_key)
        if key is not None:
            key.response_status = status_code
            key.response_body = json.dumps(body)
    return status_code, body


async def answer_waiting_keys(tx: Transaction, payment: store.Payment) -> None:
    """Keys whose confirm never finished (its process died) answer with the outcome that
    was decided without them, so that a retry under the same key gets it."""
    for key in await store.keys_in_progress(tx.session, payment.id):
        await _answer(tx, payment, key.tenant_id, key.key)


def _status_code(payment: store.Payment) -> int:
    """What a confirm answers for the payment as it now stands."""
    if payment.status == PaymentStatus.SUCCEEDED.value:
        return 200
    if payment.status == PaymentStatus.PROCESSING.value:
        return 202  # the outcome arrives by provider webhook
    return 402  # declined: the payment is open for another card


async def _abandon(
    transactions: TransactionFactory, payment_id: str, tenant: str, idempotency_key: str | None
) -> None:
    """The provider could not be asked (an error, or we were cancelled): the payment is
    open again and the key forgotten, as if the card had never been submitted."""
    async with transactions() as tx:
        payment = await store.lock_payment(tx.session, payment_id)
        if payment is not None and payment.status == PaymentStatus.PROCESSING.value:
            move(tx, payment, PaymentStatus.REQUIRES_PAYMENT_METHOD, "card processor unreachable")
        if idempotency_key:
            key = await store.find_key(tx.session, tenant, idempotency_key)
            if key is not None and key.response_status == IN_PROGRESS:
                await tx.session.delete(key)


async def cancel_payment(transactions: TransactionFactory, *, tenant: str, payment_id: str) -> None:
    """The tenant gives up an open payment: it is canceled and its upload ends unpaid."""
    async with transactions() as tx:
        payment = await store.lock_payment(tx.session, payment_id)
        if payment is None or payment.tenant_id != tenant:
            raise PaymentNotFoundError(payment_id)
        if payment.status != PaymentStatus.REQUIRES_PAYMENT_METHOD.value:
            raise PaymentStateError(f"payment is already {payment.status}")
        fail(
            tx,
            payment,
            "canceled",
            "the payment was canceled",
            "canceled by the tenant",
            PaymentStatus.CANCELED,
        )
