"""Grains, the Care Loop rounding rule, and the payment state machine."""

from __future__ import annotations

import pytest

from hotstack_payment.domain.pricing import care_loop_grains, quote, revision_price
from hotstack_payment.domain.sandbox import InvalidCardError, charge
from hotstack_payment.domain.states import IllegalTransitionError, PaymentStatus, transition

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("amount", "care"),
    [(0, 0), (1, 0), (3, 0), (4, 1), (10, 2), (100, 15), (5900, 885), (7, 1), (33, 5), (30, 5)],
)
def test_care_loop_is_fifteen_percent_rounded_half_up(amount: int, care: int) -> None:
    assert care_loop_grains(amount) == care


def test_care_loop_refuses_floats_and_negatives() -> None:
    with pytest.raises(TypeError):
        care_loop_grains(10.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="negative"):
        care_loop_grains(-1)


def test_quote_is_base_plus_pages_plus_care_loop() -> None:
    price = quote(3, base_grains=4900, per_page_grains=1000)
    assert (price.amount_grains, price.care_loop_grains, price.total_grains) == (7900, 1185, 9085)
    assert all(
        isinstance(v, int)
        for v in (price.amount_grains, price.care_loop_grains, price.total_grains)
    )


def test_test_cards_succeed_and_decline() -> None:
    assert charge("4242 4242 4242 4242").succeeded
    declined = charge("4000-0000-0000-0002")
    assert not declined.succeeded
    assert declined.code == "card_declined"
    with pytest.raises(InvalidCardError):
        charge("not a card")


def test_payment_moves_only_along_the_machine() -> None:
    status = transition(PaymentStatus.REQUIRES_PAYMENT_METHOD, PaymentStatus.PROCESSING)
    status = transition(status, PaymentStatus.SUCCEEDED)
    for target in PaymentStatus:
        with pytest.raises(IllegalTransitionError):
            transition(status, target)
    with pytest.raises(IllegalTransitionError):
        transition(PaymentStatus.REQUIRES_PAYMENT_METHOD, PaymentStatus.SUCCEEDED)


def test_a_revision_of_a_paid_site_costs_only_the_pages_it_adds() -> None:
    same = revision_price(3, paid_pages=3, per_page_grains=1000)
    assert (same.amount_grains, same.care_loop_grains, same.total_grains) == (0, 0, 0)
    assert revision_price(2, paid_pages=3, per_page_grains=1000).total_grains == 0
    two_more = revision_price(5, paid_pages=3, per_page_grains=1000)
    assert (two_more.amount_grains, two_more.care_loop_grains) == (2000, 300)
    with pytest.raises(ValueError, match="at least one page"):
        revision_price(0, paid_pages=3, per_page_grains=1000)
