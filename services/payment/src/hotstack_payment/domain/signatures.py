"""Provider webhooks signed the Stripe way: `Stripe-Signature: t=<unix>,v1=<hex HMAC>`."""

from __future__ import annotations

import hashlib
import hmac

TOLERANCE_SECONDS = 300


class SignatureError(ValueError):
    """The signature header is missing, malformed, stale or does not match."""


def sign(body: bytes, secret: str, timestamp: int) -> str:
    """The header value for `body` at `timestamp`."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(body: bytes, header: str | None, secret: str, now: int) -> int:
    """Check the header against `body`; return its timestamp. Any one `v1` may match."""
    if not header:
        raise SignatureError("missing Stripe-Signature header")
    timestamp: int | None = None
    candidates: list[str] = []
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1":
            candidates.append(value)
    if timestamp is None or not candidates:
        raise SignatureError("Stripe-Signature needs t= and at least one v1=")
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        raise SignatureError("signature timestamp is outside the 5-minute tolerance")
    expected = sign(body, secret, timestamp).split("v1=", 1)[1]
    if not any(hmac.compare_digest(expected, candidate) for candidate in candidates):
        raise SignatureError("no v1 signature matches")
    return timestamp
