"""The sandbox card processor: test cards that succeed or decline."""

from __future__ import annotations

import re
from dataclasses import dataclass

SUCCEEDS = "4242424242424242"
DECLINES = "4000000000000002"
FAILS_LATER = "4000000000000341"  # accepted now, fails asynchronously (reported by webhook)


@dataclass(frozen=True)
class ChargeResult:
    """The processor's answer: `succeeded`, `failed`, or `pending` (outcome by webhook)."""

    status: str
    code: str
    message: str

    @property
    def succeeded(self) -> bool:
        """True when the charge went through."""
        return self.status == "succeeded"


class InvalidCardError(ValueError):
    """Not a card number."""


def normalise_card(number: str) -> str:
    """Digits only; refuse what cannot be a card number."""
    digits = re.sub(r"[ -]", "", number)
    if not re.fullmatch(r"\d{12,19}", digits):
        raise InvalidCardError("card_number must be 12-19 digits")
    return digits


def charge(card_number: str) -> ChargeResult:
    """Charge a sandbox test card."""
    digits = normalise_card(card_number)
    if digits == SUCCEEDS:
        return ChargeResult("succeeded", "succeeded", "payment succeeded")
    if digits == DECLINES:
        return ChargeResult("failed", "card_declined", "your card was declined")
    if digits == FAILS_LATER:
        return ChargeResult("pending", "processing", "the bank is processing the payment")
    return ChargeResult("failed", "card_declined", "unknown test card: use 4242 4242 4242 4242")
