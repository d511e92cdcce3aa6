"""Payment commands: quote and open a payment for a build, and move it between states."""

from __future__ import annotations

from datetime import timedelta

from hotstack_contracts import (
    BuildCompleted,
    Envelope,
    PaymentDeclined,
    PaymentFailed,
    PaymentRequested,
    PaymentSettled,
    new_id,
)
from hotstack_libs.bus import Transaction
from hotstack_libs.logging import get_logger
from hotstack_libs.timeutil import as_utc, utcnow

from . import store
from .domain.journal import settlement
from .domain.links import checkout_url
from .domain.pricing import Quote, quote, revision_price
from .domain.states import PaymentStatus, transition

SOURCE = "hotstack/payment"
log = get_logger(__name__)


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


def move(tx: Transaction, payment: store.Payment, target: PaymentStatus, cause: str) -> None:
    current = PaymentStatus(payment.status)
    payment.status = transition(current, target).value
    payment.updated_at = utcnow()
    tx.session.add(
        store.PaymentTransition(
            payment_id=payment.id, from_status=current.value, to_status=target.value, cause=cause
        )
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

    async def on_build_completed(self, envelope: Envelope[BuildCompleted], tx: Transaction) -> None:
        """Quote the build and ask for payment. A revision's build (the upload has a
        payment already) is quoted by docs/decisions/0007: before payment the open payment
        follows it, re-quoted; after payment only pages beyond those paid for are charged,
        and a revision that adds none is settled at once, for nothing."""
        event = envelope.data
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
                move(tx, payment, PaymentStatus.PROCESSING, "a revision that adds no pages")
                settle(tx, payment, f"build {event.build_id} is included: nothing to charge")
            return
        await self._open(tx, envelope, event, price)

    def _quote(self, page_count: int) -> Quote:
        return quote(page_count, base_grains=self.base_grains, per_page_grains=self.per_page_grains)

    async def _open(
        self,
        tx: Transaction,
        envelope: Envelope[BuildCompleted],
        event: BuildCompleted,
        price: Quote,
    ) -> store.Payment:
        """A new payment for a build; asked for at its checkout link unless it is free."""
        payment_id = new_id("pay")
        link = checkout_url(self.public_url, self.checkout_key, payment_id)
        expires_at = utcnow() + self.expires_after
        payment = store.Payment(
            id=payment_id,
            tenant_id=envelope.tenant,
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
            tx.emit(envelope.caused(requested(payment), source=SOURCE, subject=payment_id))
        return payment

    async def _follow(
        self, envelope: Envelope[BuildCompleted], tx: Transaction, payment: store.Payment
    ) -> None:
        """The open payment follows a revision's build: it pays for the new build now, at
        the new build's price (re-quoted when its page count changed), at the same checkout
        link and until the same time; PaymentRequested says so again."""
        event = envelope.data
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
        tx.emit(envelope.caused(requested(locked), source=SOURCE, subject=locked.id))


# A payment that ended: the upload it belonged to ended with it.
ENDED = (PaymentStatus.FAILED, PaymentStatus.CANCELED)


class ChargeInFlightError(RuntimeError):
    """A revision's build met a payment being charged; it is quoted once that is decided."""


def requested(payment: store.Payment) -> PaymentRequested:
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


def event_fields(payment: store.Payment) -> dict[str, str]:
    return {
        "source": SOURCE,
        "tenant": payment.tenant_id,
        "correlation_id": payment.upload_id,
        "subject": payment.id,
    }


def settle(tx: Transaction, payment: store.Payment, cause: str) -> None:
    """Succeed: journal the money movement and emit PaymentSettled."""
    move(tx, payment, PaymentStatus.SUCCEEDED, cause)
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
            **event_fields(payment),
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
    move(tx, payment, status, cause)
    which = dict(payment_id=payment.id, build_id=payment.build_id, upload_id=payment.upload_id)
    event = (
        PaymentDeclined(**which, code=code, reason=message, expires_at=as_utc(payment.expires_at))
        if status is PaymentStatus.REQUIRES_PAYMENT_METHOD
        else PaymentFailed(**which, code=code, reason=message)
    )
    tx.emit(Envelope.new(event, **event_fields(payment)))
