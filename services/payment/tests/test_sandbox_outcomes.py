"""The sandbox answers what became of a charge from its reference alone, in any process."""

from __future__ import annotations

import pytest

from hotstack_contracts import id_millis, new_id
from hotstack_payment.domain.sandbox import (
    DECLINED,
    FAILED_LATER,
    PENDING,
    SUCCEEDED,
    UnknownChargeError,
    charge,
    outcome,
    reference_prefix,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("card", "settled"),
    [
        ("4242 4242 4242 4242", SUCCEEDED),
        ("4000 0000 0000 0002", DECLINED),
        ("4000 0000 0000 0341", FAILED_LATER),
    ],
)
def test_a_charge_reference_tells_its_outcome(card: str, settled: object) -> None:
    reference = new_id(reference_prefix(charge(card)))
    made = id_millis(reference)
    assert outcome(reference, made + 60_000, late_after_seconds=2.0) == settled


def test_a_late_card_is_pending_until_its_delay_has_passed() -> None:
    reference = new_id(reference_prefix(charge("4000 0000 0000 0341")))
    made = id_millis(reference)
    assert outcome(reference, made + 1_999, late_after_seconds=2.0) == PENDING
    assert outcome(reference, made + 2_000, late_after_seconds=2.0) == FAILED_LATER


@pytest.mark.parametrize("reference", ["", "ch_ok", "ch_ok_zz", "py_1234", new_id("ch_other")])
def test_references_the_sandbox_did_not_make_are_unknown(reference: str) -> None:
    with pytest.raises(UnknownChargeError):
        outcome(reference, 0, late_after_seconds=2.0)
