"""Payment's handler, on an in-memory unit of work: each build quoted and asked for once."""

from __future__ import annotations

import pytest
from sqlmodel import select

from hotstack_contracts import BuildCompleted, PaymentRequested, PaymentSettled
from hotstack_libs.bus import Subscription
from hotstack_payment import store
from hotstack_payment.domain.links import checkout_key
from hotstack_payment.domain.states import PaymentStatus
from hotstack_payment.service import PaymentDesk
from hotstack_tools.testing.factories import build_completed, upload_received
from hotstack_tools.testing.uow import FakeTransactions, memory_store

pytestmark = pytest.mark.unit

BASE, PER_PAGE = 4900, 1000
ON_BUILT = Subscription(
    BuildCompleted,
    PaymentDesk("http://pay", checkout_key("secret"), BASE, PER_PAGE, 3600).on_build_completed,
)


async def payments(transactions: FakeTransactions) -> list[store.Payment]:
    async with transactions() as tx:
        return list((await tx.session.exec(select(store.Payment))).all())


async def test_a_build_is_quoted_by_its_pages_with_the_care_loop_and_asked_for_once() -> None:
    built = build_completed(upload_received("acme"), page_count=3)
    async with memory_store() as transactions:
        assert await transactions.deliver(ON_BUILT, built)
        assert await transactions.deliver(ON_BUILT, built, consumer="a-replica-that-raced")

        [payment] = await payments(transactions)
        [requested] = transactions.of_type(PaymentRequested)
        amount = BASE + 3 * PER_PAGE
        assert (requested.data.amount_grains, requested.data.care_loop_grains) == (
            amount,
            (amount * 15 + 50) // 100,
        )
        assert requested.data.payment_id == payment.id
        assert requested.data.checkout_url.startswith(f"http://pay/checkout/{payment.id}?sig=")
        assert payment.status == PaymentStatus.REQUIRES_PAYMENT_METHOD.value


async def test_a_revision_before_payment_moves_the_open_payment_to_its_build_re_quoted() -> None:
    received = upload_received("acme")
    first = build_completed(received, page_count=1)
    revised = build_completed(received, page_count=2)
    async with memory_store() as transactions:
        await transactions.deliver(ON_BUILT, first)
        await transactions.deliver(ON_BUILT, revised)

        [payment] = await payments(transactions)
        assert (payment.build_id, payment.amount_grains) == (
            revised.data.build_id,
            BASE + 2 * PER_PAGE,
        )
        asked = [e.data for e in transactions.of_type(PaymentRequested)]
        assert [(a.payment_id, a.build_id) for a in asked] == [
            (payment.id, first.data.build_id),
            (payment.id, revised.data.build_id),
        ]


async def test_a_revision_of_a_paid_site_that_adds_no_pages_is_settled_for_nothing() -> None:
    received = upload_received("acme")
    first = build_completed(received, page_count=2)
    revised = build_completed(received, page_count=2)
    async with memory_store() as transactions:
        await transactions.deliver(ON_BUILT, first)
        async with transactions() as tx:
            [paid] = (await tx.session.exec(select(store.Payment))).all()
            paid.status = PaymentStatus.SUCCEEDED.value
        await transactions.deliver(ON_BUILT, revised)

        [settled] = transactions.of_type(PaymentSettled)
        assert (settled.data.build_id, settled.data.total_grains) == (revised.data.build_id, 0)
        assert settled.data.provider == "included"
