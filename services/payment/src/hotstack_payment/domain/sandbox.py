"""The sandbox card processor: test cards that succeed or decline.

Like a real processor, the sandbox can be asked later what became of a charge. It keeps no
state for that: a charge's reference names what its test card does and (being a time-ordered
id) when it was made, so the answer is the same in every process and after every restart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hotstack_contracts import id_millis

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


SUCCEEDED = ChargeResult("succeeded", "succeeded", "payment succeeded")
DECLINED = ChargeResult("failed", "card_declined", "your card was declined")
PENDING = ChargeResult("pending", "processing", "the bank is processing the payment")
FAILED_LATER = ChargeResult("failed", "card_declined", "the bank declined the payment")


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
        return SUCCEEDED
    if digits == DECLINES:
        return DECLINED
    if digits == FAILS_LATER:
        return PENDING
    return ChargeResult("failed", "card_declined", "unknown test card: use 4242 4242 4242 4242")


class UnknownChargeError(LookupError):
    """Not a reference the sandbox made."""


def reference_prefix(result: ChargeResult) -> str:
    """The id prefix of a charge's reference: what the test card does."""
    if result.status == "pending":
        return "ch_late"
    return "ch_ok" if result.succeeded else "ch_declined"


def outcome(reference: str, now_millis: int, late_after_seconds: float) -> ChargeResult:
    """What became of the charge `reference` by `now_millis`."""
    kind = reference.rpartition("_")[0]
    try:
        made = id_millis(reference)
    except ValueError as error:
        raise UnknownChargeError(reference) from error
    if kind == "ch_ok":
        return SUCCEEDED
    if kind == "ch_declined":
        return DECLINED
    if kind == "ch_late":
        return FAILED_LATER if now_millis >= made + late_after_seconds * 1000 else PENDING
    raise UnknownChargeError(reference)
