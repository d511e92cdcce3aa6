"""Checkout links: a payment's page opens with a signature that only HotStack can make.

The link goes to the tenant by email, on the upload's status page and in PaymentRequested,
like a hosted payment link: whoever holds it may see the quote and pay it, nothing more.
The signature travels as `sig`, a query parameter that tracing redacts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

_LABEL = b"hotstack checkout link v1"


def checkout_key(secret: str) -> bytes:
    """A key for checkout links alone, derived from the service secret."""
    return hmac.new(secret.encode(), _LABEL, hashlib.sha256).digest()


def signature(key: bytes, payment_id: str) -> str:
    """The link's signature for one payment: base64url HMAC-SHA256, unpadded."""
    mac = hmac.new(key, payment_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def signature_matches(key: bytes, payment_id: str, sig: str | None) -> bool:
    """True when `sig` is this payment's signature (compared in constant time)."""
    if not sig:
        return False
    return hmac.compare_digest(signature(key, payment_id).encode(), sig.encode())


def checkout_url(public_url: str, key: bytes, payment_id: str) -> str:
    """The payment's checkout page."""
    return f"{public_url}/checkout/{payment_id}?sig={signature(key, payment_id)}"
