"""Double-entry bookkeeping in integer grains: every transaction's debits equal its credits."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .pricing import Quote


class Account(StrEnum):
    """The accounts a tenant's payments move money between."""

    CUSTOMER = "customer"
    REVENUE = "revenue"
    CARE_LOOP = "care_loop"


class UnbalancedError(ValueError):
    """A transaction whose debits and credits differ, or with a bad amount."""


@dataclass(frozen=True)
class Posting:
    """One side of a movement: a debit or a credit, a positive integer of grains."""

    account: Account
    debit_grains: int = 0
    credit_grains: int = 0

    def __post_init__(self) -> None:
        for value in (self.debit_grains, self.credit_grains):
            if not isinstance(value, int) or isinstance(value, bool):
                raise UnbalancedError("amounts are integer grains")
            if value < 0:
                raise UnbalancedError("amounts are never negative")
        if (self.debit_grains == 0) == (self.credit_grains == 0):
            raise UnbalancedError("a posting is either a debit or a credit")


def check_balanced(postings: Iterable[Posting]) -> list[Posting]:
    """The postings, if their debits equal their credits; UnbalancedError otherwise."""
    postings = list(postings)
    debits = sum(p.debit_grains for p in postings)
    credits = sum(p.credit_grains for p in postings)
    if not postings or debits != credits:
        raise UnbalancedError(f"debits {debits} != credits {credits}")
    return postings


def settlement(quote: Quote) -> list[Posting]:
    """The customer pays the total: revenue gets the amount, the Care Loop its share.

    A free site (total 0) moves no money and has no postings.
    """
    if quote.total_grains == 0:
        return []
    postings = [Posting(Account.CUSTOMER, debit_grains=quote.total_grains)]
    if quote.amount_grains:
        postings.append(Posting(Account.REVENUE, credit_grains=quote.amount_grains))
    if quote.care_loop_grains:
        postings.append(Posting(Account.CARE_LOOP, credit_grains=quote.care_loop_grains))
    return check_balanced(postings)


def balances(postings: Iterable[Posting]) -> dict[Account, int]:
    """Debit-positive balance of every account touched."""
    totals: dict[Account, int] = defaultdict(int)
    for posting in postings:
        totals[posting.account] += posting.debit_grains - posting.credit_grains
    return dict(totals)
