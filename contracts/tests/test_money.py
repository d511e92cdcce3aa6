"""Grains read as dollars and cents, exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotstack_contracts import MAX_SAFE_INTEGER, format_grains

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("grains", "shown"),
    [(0, "$0.00"), (5, "$0.05"), (9085, "$90.85"), (123456789, "$1,234,567.89"), (-250, "-$2.50")],
)
def test_grains_are_shown_as_dollars_and_cents(grains: int, shown: str) -> None:
    assert format_grains(grains) == shown


@given(st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER))
def test_the_text_is_the_exact_amount(grains: int) -> None:
    text = format_grains(grains).replace("$", "").replace(",", "")
    assert Decimal(text) * 100 == grains


@pytest.mark.parametrize("value", [1.5, True, "100"])
def test_only_integer_grains_are_formatted(value: object) -> None:
    with pytest.raises(TypeError):
        format_grains(value)  # type: ignore[arg-type]
