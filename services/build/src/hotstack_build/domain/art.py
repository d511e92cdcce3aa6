"""Generated pictures for sites whose brief has none: an abstract composition in the site's
palette, in its design's own motif, varied by the business's name. SVG, shipped with the
site (`art.svg`), decorative (empty alt), never a stock photo or a remote file.

Only validated hex colours and numbers enter the SVG: nothing a customer typed.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable

from .theme import ThemeColours

WIDTH, HEIGHT = 480, 360
Motif = Callable[[random.Random, list[str]], list[str]]


def _circles(rng: random.Random, inks: list[str]) -> list[str]:
    """Soft overlapping rounds (shelters, community groups, anything else)."""
    return [
        f'<circle cx="{rng.randint(60, 420)}" cy="{rng.randint(50, 310)}" '
        f'r="{rng.randint(40, 120)}" fill="{inks[n % len(inks)]}" '
        f'fill-opacity=".{rng.randint(35, 80)}"/>'
        for n in range(7)
    ]


def _bands(rng: random.Random, inks: list[str]) -> list[str]:
    """Bold diagonal bands (causes, trades)."""
    out = []
    for n in range(5):
        x = -200 + n * 150 + rng.randint(-20, 20)
        width = rng.randint(40, 110)
        out.append(
            f'<polygon points="{x},{HEIGHT} {x + width},{HEIGHT} {x + width + 260},0 {x + 260},0" '
            f'fill="{inks[n % len(inks)]}" fill-opacity=".{rng.randint(55, 90)}"/>'
        )
    return out


def _rings(rng: random.Random, inks: list[str]) -> list[str]:
    """Concentric rings (restaurants, launches)."""
    cx, cy = rng.randint(180, 300), rng.randint(140, 220)
    return [
        f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" stroke="{inks[n % len(inks)]}" '
        f'stroke-width="{rng.randint(6, 18)}" stroke-opacity=".8"/>'
        for n, r in enumerate(range(40, 200, 32))
    ]


def _grid(rng: random.Random, inks: list[str]) -> list[str]:
    """A grid of squares, some filled (portfolios, shops)."""
    out = []
    for row in range(4):
        for col in range(6):
            if rng.random() < 0.55:
                out.append(
                    f'<rect x="{20 + col * 76}" y="{20 + row * 82}" width="64" height="70" '
                    f'rx="{rng.choice((0, 8, 32))}" fill="{rng.choice(inks)}" '
                    f'fill-opacity=".{rng.randint(40, 90)}"/>'
                )
    return out


def _pillars(rng: random.Random, inks: list[str]) -> list[str]:
    """Columns rising to different heights (professional firms)."""
    out = []
    for n in range(8):
        height = rng.randint(120, 330)
        out.append(
            f'<rect x="{24 + n * 56}" y="{HEIGHT - height}" width="36" height="{height}" '
            f'fill="{inks[n % len(inks)]}" fill-opacity=".{rng.randint(50, 95)}"/>'
        )
    return out


def _crosses(rng: random.Random, inks: list[str]) -> list[str]:
    """Rounded plus signs (health practices)."""
    out = []
    for n in range(6):
        x, y, size = rng.randint(40, 380), rng.randint(30, 260), rng.randint(40, 90)
        arm = size // 3
        ink = inks[n % len(inks)]
        opacity = f".{rng.randint(35, 75)}"
        out.append(
            f'<rect x="{x + arm}" y="{y}" width="{arm}" height="{size}" rx="{arm // 2}" '
            f'fill="{ink}" fill-opacity="{opacity}"/>'
            f'<rect x="{x}" y="{y + arm}" width="{size}" height="{arm}" rx="{arm // 2}" '
            f'fill="{ink}" fill-opacity="{opacity}"/>'
        )
    return out


def _triangles(rng: random.Random, inks: list[str]) -> list[str]:
    """Stacked triangles (schools and courses)."""
    out = []
    for n in range(7):
        x, y, size = rng.randint(0, 360), rng.randint(40, 300), rng.randint(60, 150)
        out.append(
            f'<polygon points="{x},{y} {x + size},{y} {x + size // 2},{y - size}" '
            f'fill="{inks[n % len(inks)]}" fill-opacity=".{rng.randint(45, 90)}"/>'
        )
    return out


def _waves(rng: random.Random, inks: list[str]) -> list[str]:
    """Slow waves (beauty and wellness, events, journals)."""
    out = []
    for n in range(6):
        y = 60 + n * 48
        rise = rng.randint(20, 60)
        out.append(
            f'<path d="M0 {y} C 120 {y - rise}, 240 {y + rise}, 480 {y}" fill="none" '
            f'stroke="{inks[n % len(inks)]}" stroke-width="{rng.randint(3, 10)}" '
            f'stroke-linecap="round"/>'
        )
    return out


MOTIFS: dict[str, Motif] = {
    "haven": _circles,
    "cause": _bands,
    "bistro": _rings,
    "studio": _grid,
    "journal": _waves,
    "trade": _bands,
    "gala": _waves,
    "market": _grid,
    "launch": _rings,
    "clinic": _crosses,
    "counsel": _pillars,
    "commons": _circles,
    "campus": _triangles,
    "salon": _waves,
    "plain": _circles,
}
# Designs whose hero sits on the primary colour draw in the colours that read on it.
ON_PRIMARY = ("haven", "cause", "campus", "launch")
ON_TEXT = ("gala",)  # the dark evening hero


def hero_art(theme: str, name: str, colours: ThemeColours) -> str:
    """The design's picture for this business: same name, same picture."""
    seed = int.from_bytes(hashlib.sha256(f"{theme}/{name}".encode()).digest()[:8], "big")
    if theme in ON_PRIMARY:
        inks = [colours.on_primary, colours.accent, colours.background]
    elif theme in ON_TEXT:
        inks = [colours.background, colours.accent, colours.muted]
    else:
        inks = [colours.primary, colours.accent, colours.muted]
    shapes = MOTIFS[theme](random.Random(seed), inks)  # noqa: S311 - a picture, not a secret
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}">' + "".join(shapes) + "</svg>\n"
    )
