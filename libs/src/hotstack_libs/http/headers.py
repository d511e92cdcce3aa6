"""Request headers every service reads the same way."""

from __future__ import annotations

# An Idempotency-Key is 1 to 255 printable ASCII characters, no spaces (as Stripe's): an
# empty or over-long key is refused with 422 before it can reach a unique index.
IDEMPOTENCY_KEY = r"^[!-~]{1,255}$"
