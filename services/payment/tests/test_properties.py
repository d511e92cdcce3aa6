"""Properties of money: balanced journals, the Care Loop rule, integer grains only."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotstack_payment.domain.journal import (
    Account,
    Posting,
    UnbalancedError,
    balances,
    check_balanced,
    settlement,
)
from hotstack_payment.domain.pricing import care_loop_grains, quote
from hotstack_payment.domain.states import IllegalTransitionError, PaymentStatus, transition

pytestmark = pytest.mark.unit

amounts = st.integers(min_value=0, max_value=10**13)


@given(amounts)
def test_care_loop_is_fifteen_percent_rounded_half_up(amount: int) -> None:
    exact = Fraction(amount * 15, 100)
    care = care_loop_grains(amount)
    assert type(care) is int
    assert care == int(exact + Fraction(1, 2))  # floor(x + 1/2): half up
    assert abs(Fraction(care) - exact) <= Fraction(1, 2)


@given(st.integers(min_value=1, max_value=500), amounts, amounts)
def test_quotes_are_integers_and_add_up(pages: int, base: int, per_page: int) -> None:
    price = quote(pages, base_grains=base, per_page_grains=per_page)
    values = (price.amount_grains, price.care_loop_grains, price.total_grains)
    assert all(type(v) is int for v in values)
    assert price.total_grains == price.amount_grains + price.care_loop_grains
    assert price.care_loop_grains == care_loop_grains(price.amount_grains)


operations = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=50),
        st.integers(min_value=0, max_value=10**9),
        st.integers(min_value=0, max_value=10**7),
        st.sampled_from(["settle", "decline", "expire"]),
    ),
    max_size=40,
)


@given(operations)
def test_any_sequence_of_payments_keeps_the_books_balanced(
    ops: list[tuple[int, int, int, str]],
) -> None:
    journal: list[list[Posting]] = []
    settled = {"amount": 0, "care": 0, "total": 0}
    for pages, base, per_page, outcome in ops:
        price = quote(pages, base_grains=base, per_page_grains=per_page)
        if outcome != "settle":
            continue  # a declined or expired payment moves no money
        transaction = settlement(price)
        if price.total_grains == 0:
            assert transaction == []  # a free site moves no money
            continue
        journal.append(transaction)
        settled["amount"] += price.amount_grains
        settled["care"] += price.care_loop_grains
        settled["total"] += price.total_grains
    for transaction in journal:
        check_balanced(transaction)
        assert all(
            type(p.debit_grains) is int and type(p.credit_grains) is int for p in transaction
        )
    postings = [p for transaction in journal for p in transaction]
    totals = balances(postings)
    for account in Account:
        assert totals.get(account, 0) == sum(
            p.debit_grains - p.credit_grains for p in postings if p.account is account
        )
    assert sum(totals.values()) == 0
    assert totals.get(Account.CUSTOMER, 0) == settled["total"]
    assert totals.get(Account.REVENUE, 0) == -settled["amount"]
    assert totals.get(Account.CARE_LOOP, 0) == -settled["care"]


@given(st.lists(st.sampled_from(list(PaymentStatus)), max_size=12))
def test_the_state_machine_never_leaves_a_final_state(targets: list[PaymentStatus]) -> None:
    status = PaymentStatus.REQUIRES_PAYMENT_METHOD
    for target in targets:
        final = status in (PaymentStatus.SUCCEEDED, PaymentStatus.FAILED, PaymentStatus.CANCELED)
        try:
            status = transition(status, target)
        except IllegalTransitionError:
            continue
        assert not final


@pytest.mark.parametrize(
    "postings",
    [
        [Posting(Account.CUSTOMER, debit_grains=10), Posting(Account.REVENUE, credit_grains=9)],
        [],
    ],
)
def test_unbalanced_transactions_are_refused(postings: list[Posting]) -> None:
    with pytest.raises(UnbalancedError):
        check_balanced(postings)


@pytest.mark.parametrize(
    "kwargs",
    [{"debit_grains": 1.5}, {"debit_grains": -1}, {"debit_grains": 1, "credit_grains": 1}, {}],
)
def test_postings_are_one_sided_positive_integers(kwargs: dict[str, Any]) -> None:
    with pytest.raises(UnbalancedError):
        Posting(Account.CUSTOMER, **kwargs)
