"""The payment state machine, modelled on Stripe's PaymentIntent."""

from __future__ import annotations

from enum import StrEnum


class PaymentStatus(StrEnum):
    """Where a payment is."""

    REQUIRES_PAYMENT_METHOD = "requires_payment_method"
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"


ALLOWED: dict[PaymentStatus, frozenset[PaymentStatus]] = {
    PaymentStatus.REQUIRES_PAYMENT_METHOD: frozenset(
        {PaymentStatus.PROCESSING, PaymentStatus.CANCELED, PaymentStatus.FAILED}
    ),
    PaymentStatus.PROCESSING: frozenset(
        {PaymentStatus.SUCCEEDED, PaymentStatus.FAILED, PaymentStatus.REQUIRES_PAYMENT_METHOD}
    ),
    PaymentStatus.SUCCEEDED: frozenset(),
    PaymentStatus.FAILED: frozenset(),
    PaymentStatus.CANCELED: frozenset(),
}


class IllegalTransitionError(ValueError):
    """A move the state machine does not allow."""


def transition(current: PaymentStatus, target: PaymentStatus) -> PaymentStatus:
    """`target`, if the machine allows the move from `current`."""
    if target not in ALLOWED[current]:
        raise IllegalTransitionError(f"payment is {current.value}; cannot become {target.value}")
    return target
