"""Token-bucket arithmetic for the per-tenant upload rate limit."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    """`per_minute` uploads on average, up to `burst` at once."""

    per_minute: float
    burst: int

    @property
    def per_second(self) -> float:
        return self.per_minute / 60.0


def spend(tokens: float, elapsed_seconds: float, rate: Rate) -> tuple[float, int | None]:
    """Refill for `elapsed_seconds`, then take one token.

    Returns the tokens left and None, or the unchanged (refilled) tokens and the whole
    seconds to wait before one token is available (for `Retry-After`).
    """
    refilled = min(float(rate.burst), tokens + max(0.0, elapsed_seconds) * rate.per_second)
    if refilled >= 1.0:
        return refilled - 1.0, None
    return refilled, max(1, math.ceil((1.0 - refilled) / rate.per_second))
