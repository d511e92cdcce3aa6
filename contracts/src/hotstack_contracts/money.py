"""Grains as people read them: 1 grain = $0.01, integers only."""

from __future__ import annotations


def format_grains(grains: int) -> str:
    """`9085` → `"$90.85"`, with thousands separated; never through a float."""
    if not isinstance(grains, int) or isinstance(grains, bool):
        raise TypeError("amounts are integer grains")
    sign = "-" if grains < 0 else ""
    dollars, cents = divmod(abs(grains), 100)
    return f"{sign}${dollars:,}.{cents:02d}"
