"""Contrast arithmetic against WCAG's own reference points, and the adjustment rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotstack_contracts.colour import AA, contrast, luminance, readable_on, text_on

pytestmark = pytest.mark.unit

colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


def test_reference_values() -> None:
    assert luminance("#000000") == 0
    assert luminance("#ffffff") == pytest.approx(1)
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # famously just fails
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(
    ("colour", "background"),
    [
        ("#ffff00", "#ffffff"),  # yellow on white
        ("#87ceeb", "#ffffff"),  # sky blue on white
        ("#ff7f50", "#fffaf3"),  # coral on cream
        ("#2f4f4f", "#000000"),  # dark slate on black
        ("#777777", "#ffffff"),
    ],
)
def test_palettes_that_fail_are_adjusted_until_they_pass(colour: str, background: str) -> None:
    assert contrast(colour, background) < AA
    adjusted = readable_on(colour, background)
    assert adjusted != colour
    assert contrast(adjusted, background) >= AA


@given(colours, colours)
def test_readable_on_always_reaches_the_ratio_and_keeps_passing_colours(fg: str, bg: str) -> None:
    adjusted = readable_on(fg, bg)
    assert contrast(adjusted, bg) >= AA
    if contrast(fg, bg) >= AA:
        assert adjusted == fg


@given(colours)
def test_text_on_picks_the_more_readable_of_black_and_white(bg: str) -> None:
    chosen = text_on(bg)
    other = "#111111" if chosen == "#ffffff" else "#ffffff"
    assert contrast(chosen, bg) >= contrast(other, bg)
