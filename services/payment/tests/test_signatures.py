"""Provider webhooks signed with Stripe's own helper verify; everything else is refused."""

from __future__ import annotations

import time

import pytest
import stripe

from hotstack_payment.domain.signatures import SignatureError, sign, verify

pytestmark = pytest.mark.unit

SECRET = "whsec_test_secret"
BODY = b'{"id":"evt_1","type":"charge.failed","data":{"payment_id":"pay_1"}}'


def test_header_from_the_stripe_package_verifies() -> None:
    now = int(time.time())
    header = stripe.WebhookSignature.generate_signature_header(BODY.decode(), SECRET, now)
    assert verify(BODY, header, SECRET, now) == now
    assert sign(BODY, SECRET, now) == header


def test_our_header_verifies_with_the_stripe_package() -> None:
    now = int(time.time())
    assert stripe.WebhookSignature.verify_header(
        BODY.decode(), sign(BODY, SECRET, now), SECRET, 300
    )


def test_any_one_of_several_v1_signatures_may_match() -> None:
    now = int(time.time())
    good = sign(BODY, SECRET, now).split(",")[1]
    assert verify(BODY, f"t={now},v1={'0' * 64},{good}", SECRET, now) == now


@pytest.mark.parametrize(
    ("body", "secret", "age", "message"),
    [
        (BODY.replace(b"failed", b"succeeded"), SECRET, 0, "no v1 signature matches"),
        (BODY, "whsec_other", 0, "no v1 signature matches"),
        (BODY, SECRET, 301, "tolerance"),
        (BODY, SECRET, -301, "tolerance"),
    ],
)
def test_altered_body_wrong_secret_and_stale_timestamps_are_refused(
    body: bytes, secret: str, age: int, message: str
) -> None:
    now = int(time.time())
    header = sign(BODY, SECRET, now - age)
    with pytest.raises(SignatureError, match=message):
        verify(body, header, secret, now)


@pytest.mark.parametrize("header", [None, "", "t=abc,v1=00", "v1=00", "t=1"])
def test_malformed_headers_are_refused(header: str | None) -> None:
    with pytest.raises(SignatureError):
        verify(BODY, header, SECRET, int(time.time()))
