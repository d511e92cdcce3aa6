"""Colour arithmetic for readable sites: WCAG 2.x relative luminance and contrast ratio.

`readable_on` darkens or lightens a colour, in small steps that keep its hue, until it
reaches a contrast ratio against a background (4.5:1 is WCAG AA for body text).
"""

from __future__ import annotations

import colorsys
import re

AA = 4.5
_HEX = re.compile(r"^#[0-9a-f]{6}$")


def _rgb(colour: str) -> tuple[float, float, float]:
    if not _HEX.match(colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _hex(r: float, g: float, b: float) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in (r, g, b))


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour (0 black … 1 white)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours, 1 … 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(colour: str, background: str, ratio: float = AA) -> str:
    """`colour`, or the nearest shade of it (same hue and saturation) that reaches `ratio`."""
    if contrast(colour, background) >= ratio:
        return colour
    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgb(colour))
    darker = luminance(background) > 0.18  # light background: go darker, else lighter
    step = -0.01 if darker else 0.01
    while 0.0 < lightness < 1.0:
        lightness = max(0.0, min(1.0, lightness + step))
        candidate = _hex(*colorsys.hls_to_rgb(hue, lightness, saturation))
        if contrast(candidate, background) >= ratio:
            return candidate
    return "#000000" if darker else "#ffffff"


def text_on(background: str) -> str:
    """Black or white, whichever reads better on `background`."""
    return (
        "#ffffff"
        if contrast("#ffffff", background) >= contrast("#111111", background)
        else "#111111"
    )
