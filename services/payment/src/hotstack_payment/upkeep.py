"""Keeping payments current: expire the unpaid, reconcile the long-processing, forget old keys."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from hotstack_libs.bus import TransactionFactory
from hotstack_libs.logging import get_logger
from hotstack_libs.store import Lease
from hotstack_libs.tasks import stop_if_cancelling
from hotstack_libs.timeutil import utcnow

from . import store
from .confirm import INTERRUPTED, answer_waiting_keys
from .providers import PaymentProvider
from .service import decline, fail, settle

log = get_logger(__name__)


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
                await answer_waiting_keys(tx, payment)
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
            await answer_waiting_keys(tx, payment)
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
    lease: Lease | None = None,
) -> None:
    """Until cancelled: expire unpaid payments, reconcile stale processing ones with the
    provider, and forget old idempotency keys — on the replica holding `lease`, if given
    (the rows are claimed with SKIP LOCKED either way; one replica asks the provider)."""
    while True:
        try:
            if lease is not None and not await lease.held():
                await asyncio.sleep(every_seconds)
                continue
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
