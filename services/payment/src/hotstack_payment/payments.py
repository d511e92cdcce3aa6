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
    PaymentDeclined,
    PaymentFailed,
    PaymentRequested,
    PaymentSettled,
    new_id,
)
from hotstack_libs.bus import Transaction, TransactionFactory
from hotstack_libs.logging import get_logger
from hotstack_libs.tasks import stop_if_cancelling
from hotstack_libs.timeutil import as_utc, utcnow

from . import store
from .domain.checkout import checkout_url
from .domain.journal import settlement
from .domain.pricing import Quote, quote, revision_price
from .domain.sandbox import normalise_card
from .domain.states import PaymentStatus, transition
from .providers import PaymentProvider

SOURCE = "hotstack/payment"
log = get_logger(__name__)


class TransitionView(BaseModel):
    """A recorded status change."""

    from_status: str | None
    to_status: str
    cause: str
    at: str


class PostingView(BaseModel):
    """One side of a journal transaction, in grains."""

    account: str
    debit_grains: int
    credit_grains: int


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
    preview_url: str | None
    expires_at: str
    failure_code: str | None
    failure_message: str | None
    transitions: list[TransitionView]
    postings: list[PostingView]


class PaymentNotFoundError(LookupError):
    """No such payment for this tenant."""


class IdempotencyMismatchError(ValueError):
    """The key was used before with another request."""


class PriceChangedError(ValueError):
    """The payment was re-quoted (a revision) after the payer saw its total: not charged."""

    def __init__(self, total_grains: int) -> None:
        super().__init__(f"the total is now {total_grains} grains")
        self.total_grains = total_grains


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
    postings = await store.postings_of(tx_session, payment.id)
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
        preview_url=payment.preview_url,
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
        postings=[
            PostingView(
                account=p.account, debit_grains=p.debit_grains, credit_grains=p.credit_grains
            )
            for p in postings
        ],
    )


class PaymentDesk:
    """Opens payments for completed builds."""

    def __init__(
        self,
        public_url: str,
        checkout_key: bytes,
        base_grains: int,
        per_page_grains: int,
        expires_after: float,
    ) -> None:
        self.public_url = public_url
        self.checkout_key = checkout_key
        self.base_grains = base_grains
        self.per_page_grains = per_page_grains
        self.expires_after = timedelta(seconds=expires_after)

    async def on_build_completed(self, envelope: Envelope[Any], tx: Transaction) -> None:
        """Quote the build and ask for payment. A revision's build (the upload has a
        payment already) is quoted by docs/decisions/0007: before payment the open payment
        follows it, re-quoted; after payment only pages beyond those paid for are charged,
        and a revision that adds none is settled at once, for nothing."""
        event: BuildCompleted = envelope.data
        earlier = await store.payments_of_upload(tx.session, event.upload_id)
        if any(p.build_id == event.build_id for p in earlier):
            return  # this build is quoted already
        latest = earlier[-1] if earlier else None
        if latest is None or PaymentStatus(latest.status) in ENDED:
            price = self._quote(event.page_count)
        elif PaymentStatus(latest.status) is PaymentStatus.REQUIRES_PAYMENT_METHOD:
            await self._follow(envelope, tx, latest)
            return
        elif PaymentStatus(latest.status) is PaymentStatus.PROCESSING:
            raise ChargeInFlightError(f"payment {latest.id} is being charged; try again later")
        else:  # paid: a revision of a published site
            paid = max(p.page_count for p in earlier if p.status == PaymentStatus.SUCCEEDED)
            extra = revision_price(
                event.page_count, paid_pages=paid, per_page_grains=self.per_page_grains
            )
            payment = await self._open(tx, envelope, event, extra)
            if extra.total_grains == 0:
                payment.provider = payment.provider_reference = "included"
                _move(tx, payment, PaymentStatus.PROCESSING, "a revision that adds no pages")
                settle(tx, payment, f"build {event.build_id} is included: nothing to charge")
            return
        await self._open(tx, envelope, event, price)

    def _quote(self, page_count: int) -> Quote:
        return quote(page_count, base_grains=self.base_grains, per_page_grains=self.per_page_grains)

    async def _open(
        self, tx: Transaction, envelope: Envelope[Any], event: BuildCompleted, price: Quote
    ) -> store.Payment:
        """A new payment for a build; asked for at its checkout link unless it is free."""
        payment_id = new_id("pay")
        link = checkout_url(self.public_url, self.checkout_key, payment_id)
        expires_at = utcnow() + self.expires_after
        payment = store.Payment(
            id=payment_id,
            tenant_id=envelope.tenantid,
            build_id=event.build_id,
            upload_id=event.upload_id,
            site_name=event.site_name,
            page_count=event.page_count,
            amount_grains=price.amount_grains,
            care_loop_grains=price.care_loop_grains,
            total_grains=price.total_grains,
            status=PaymentStatus.REQUIRES_PAYMENT_METHOD.value,
            checkout_url=link,
            preview_url=event.preview_url,
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
        if price.total_grains:
            tx.emit(envelope.caused(_requested(payment), source=SOURCE, subject=payment_id))
        return payment

    async def _follow(
        self, envelope: Envelope[Any], tx: Transaction, payment: store.Payment
    ) -> None:
        """The open payment follows a revision's build: it pays for the new build now, at
        the new build's price (re-quoted when its page count changed), at the same checkout
        link and until the same time; PaymentRequested says so again."""
        event: BuildCompleted = envelope.data
        locked = await store.lock_payment(tx.session, payment.id)
        assert locked is not None
        if PaymentStatus(locked.status) is not PaymentStatus.REQUIRES_PAYMENT_METHOD:
            raise ChargeInFlightError(f"payment {locked.id} moved on; try again later")
        price = self._quote(event.page_count)
        before = (locked.build_id, locked.total_grains)
        locked.build_id = event.build_id
        locked.preview_url = event.preview_url
        locked.site_name = event.site_name
        locked.page_count = event.page_count
        locked.amount_grains = price.amount_grains
        locked.care_loop_grains = price.care_loop_grains
        locked.total_grains = price.total_grains
        locked.updated_at = utcnow()
        tx.session.add(
            store.PaymentTransition(
                payment_id=locked.id,
                from_status=locked.status,
                to_status=locked.status,
                cause=f"revision: build {event.build_id} replaces {before[0]}, "
                f"{before[1]} → {price.total_grains} grains",
            )
        )
        tx.emit(envelope.caused(_requested(locked), source=SOURCE, subject=locked.id))


# A payment that ended: the upload it belonged to ended with it.
ENDED = (PaymentStatus.FAILED, PaymentStatus.CANCELED)


class ChargeInFlightError(RuntimeError):
    """A revision's build met a payment being charged; it is quoted once that is decided."""


def _requested(payment: store.Payment) -> PaymentRequested:
    return PaymentRequested(
        payment_id=payment.id,
        build_id=payment.build_id,
        upload_id=payment.upload_id,
        amount_grains=payment.amount_grains,
        care_loop_grains=payment.care_loop_grains,
        total_grains=payment.total_grains,
        checkout_url=payment.checkout_url,
        expires_at=as_utc(payment.expires_at),
    )


def _event_fields(payment: store.Payment) -> dict[str, str]:
    return {
        "source": SOURCE,
        "tenant": payment.tenant_id,
        "correlation_id": payment.upload_id,
        "subject": payment.id,
    }


def settle(tx: Transaction, payment: store.Payment, cause: str) -> None:
    """Succeed: journal the money movement and emit PaymentSettled."""
    _move(tx, payment, PaymentStatus.SUCCEEDED, cause)
    journal_id = new_id("jtx")
    postings = settlement(Quote(payment.amount_grains, payment.care_loop_grains))
    if postings:
        tx.session.add(
            store.JournalTransaction(
                id=journal_id, tenant_id=payment.tenant_id, payment_id=payment.id, kind="settlement"
            )
        )
    tx.session.add_all(
        store.PostingRow(
            transaction_id=journal_id,
            tenant_id=payment.tenant_id,
            account=posting.account.value,
            debit_grains=posting.debit_grains,
            credit_grains=posting.credit_grains,
        )
        for posting in postings
    )
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
                provider_reference=payment.provider_reference or "",
            ),
            **_event_fields(payment),
        )
    )


def decline(tx: Transaction, payment: store.Payment, code: str, message: str, cause: str) -> None:
    """A declined charge: no money moves and the payment stays open for another card until
    it expires (as a PaymentIntent returns to `requires_payment_method`); emit
    PaymentDeclined with the bank's reason."""
    _unpaid(tx, payment, code, message, cause, PaymentStatus.REQUIRES_PAYMENT_METHOD)


def fail(
    tx: Transaction,
    payment: store.Payment,
    code: str,
    message: str,
    cause: str,
    status: PaymentStatus = PaymentStatus.FAILED,
) -> None:
    """End the payment unpaid (expired, or canceled): no money moves; emit PaymentFailed."""
    _unpaid(tx, payment, code, message, cause, status)


def _unpaid(
    tx: Transaction,
    payment: store.Payment,
    code: str,
    message: str,
    cause: str,
    status: PaymentStatus,
) -> None:
    payment.failure_code = code
    payment.failure_message = message
    _move(tx, payment, status, cause)
    which = dict(payment_id=payment.id, build_id=payment.build_id, upload_id=payment.upload_id)
    event = (
        PaymentDeclined(**which, code=code, reason=message, expires_at=as_utc(payment.expires_at))
        if status is PaymentStatus.REQUIRES_PAYMENT_METHOD
        else PaymentFailed(**which, code=code, reason=message)
    )
    tx.emit(Envelope.new(event, **_event_fields(payment)))


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
        await _answer_waiting_keys(tx, payment)
    return "applied"


async def expire_unpaid(transactions: TransactionFactory, batch: int = 100) -> int:
    """Fail every unpaid payment past its expiry with PaymentFailed(expired); return how many."""
    async with transactions() as tx:
        expired = await store.lock_expired(tx.session, utcnow(), batch)
        for payment in expired:
            fail(tx, payment, "expired", "the payment was not made in time", "expired unpaid")
    return len(expired)


async def reconcile_processing(
    transactions: TransactionFactory,
    provider: PaymentProvider,
    older_than: timedelta,
    batch: int = 100,
) -> int:
    """Ask the provider about payments processing longer than `older_than` (their webhook
    may be lost, or the process that awaited it gone); apply what it says; return how many
    reached an outcome."""
    decided = 0
    async with transactions() as tx:
        stale = await store.lock_stale_processing(
            tx.session, provider.name, utcnow() - older_than, batch
        )
        for payment in stale:
            if payment.provider_reference is None:
                # The confirm that moved it to processing died before the processor
                # answered, and nobody retried it: the card is asked for again.
                decline(tx, payment, "interrupted", INTERRUPTED, "no answer from the processor")
                await _answer_waiting_keys(tx, payment)
                decided += 1
                continue
            try:
                result = await provider.retrieve(payment.provider_reference)
            except Exception as error:  # one charge it cannot answer for must not stall the rest
                stop_if_cancelling(error)
                log.warning("payment.reconcile_failed", payment_id=payment.id, error=repr(error))
                continue
            cause = f"{provider.name} charge {payment.provider_reference} reconciled"
            if result.succeeded:
                settle(tx, payment, cause)
            elif result.status == "failed":
                decline(tx, payment, result.code, result.message, cause)
            else:
                continue  # the bank is still deciding: ask again next round
            await _answer_waiting_keys(tx, payment)
            log.warning(
                "payment.reconciled",
                payment_id=payment.id,
                outcome=result.status,
                reason="no provider webhook applied in time",
            )
            decided += 1
    return decided


async def keep_payments_current(
    transactions: TransactionFactory,
    provider: PaymentProvider,
    *,
    every_seconds: float,
    reconcile_after_seconds: float,
    keep_keys_seconds: float,
) -> None:
    """Until cancelled: expire unpaid payments, reconcile stale processing ones with the
    provider, and forget old idempotency keys."""
    while True:
        try:
            while await expire_unpaid(transactions) > 0:
                pass
            await reconcile_processing(
                transactions, provider, timedelta(seconds=reconcile_after_seconds)
            )
            async with transactions() as tx:
                cutoff = utcnow() - timedelta(seconds=keep_keys_seconds)
                await store.purge_idempotency_keys(tx.session, cutoff)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # database or provider down: try again next round
            stop_if_cancelling(error)
            log.warning("payment.housekeeping_failed", error=str(error))
        await asyncio.sleep(every_seconds)


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
        _move(tx, payment, PaymentStatus.PROCESSING, "card submitted")
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


async def _answer_waiting_keys(tx: Transaction, payment: store.Payment) -> None:
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
            _move(tx, payment, PaymentStatus.REQUIRES_PAYMENT_METHOD, "card processor unreachable")
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
