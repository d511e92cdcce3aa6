"""The sandbox card processor: test cards that succeed or decline."""

from __future__ import annotations

import re
from dataclasses import dataclass

SUCCEEDS = "4242424242424242"
DECLINES = "4000000000000002"


@dataclass(frozen=True)
class ChargeResult:
    """The processor's answer."""

    succeeded: bool
    code: str
    message: str


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
        return ChargeResult(True, "succeeded", "payment succeeded")
    if digits == DECLINES:
        return ChargeResult(False, "card_declined", "your card was declined")
    return ChargeResult(False, "card_declined", "unknown test card: use 4242 4242 4242 4242")
