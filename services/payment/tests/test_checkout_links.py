"""Checkout links open only the payment they were signed for, with this deployment's key."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from hotstack_payment.domain.links import (
    checkout_key,
    checkout_url,
    signature,
    signature_matches,
)

pytestmark = pytest.mark.unit

KEY = checkout_key("a-secret-of-at-least-thirty-two-bytes!")


def test_a_link_carries_its_payment_signature_as_sig() -> None:
    url = checkout_url("https://pay.example.com", KEY, "pay_1")
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("pay.example.com", "/checkout/pay_1")
    (sig,) = parse_qs(parts.query)["sig"]
    assert signature_matches(KEY, "pay_1", sig)
    assert len(sig) == 43  # 32 bytes, base64url without padding


def test_a_signature_opens_no_other_payment_and_no_other_deployment() -> None:
    sig = signature(KEY, "pay_1")
    assert not signature_matches(KEY, "pay_2", sig)
    assert not signature_matches(checkout_key("another-secret-of-thirty-two-bytes!!"), "pay_1", sig)


def test_the_key_is_not_the_secret_itself() -> None:
    secret = "a-secret-of-at-least-thirty-two-bytes!"
    assert checkout_key(secret) != secret.encode()
    assert signature(checkout_key(secret), "pay_1") == signature(KEY, "pay_1")


def _tampered(sig: str) -> str:
    return sig[:-1] + ("B" if sig.endswith("A") else "A")


@pytest.mark.parametrize("sig", [None, "", "x", "é" * 43, _tampered(signature(KEY, "pay_1"))])
def test_missing_short_foreign_or_tampered_signatures_do_not_match(sig: str | None) -> None:
    assert not signature_matches(KEY, "pay_1", sig)
