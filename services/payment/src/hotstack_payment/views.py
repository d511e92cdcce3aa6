"""What a tenant sees of a payment: its status, history and postings."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from hotstack_libs.timeutil import as_utc

from . import store


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
