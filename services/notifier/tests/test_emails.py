"""The emails people receive."""

from __future__ import annotations

import pytest

from hotstack_notifier.domain.emails import render, to_message

pytestmark = pytest.mark.unit


def test_preview_email_has_both_links_and_the_total_in_both_parts() -> None:
    email = render(
        "preview_ready",
        "owner@example.com",
        "Your preview of Bakery is ready — pay here",
        site_name="Bakery <&>",
        preview_url="http://b/preview/1/",
        checkout_url="http://p/checkout/1",
        total="$67.85",
    )
    for part in (email.text, email.html):
        assert "http://b/preview/1/" in part
        assert "http://p/checkout/1" in part
        assert "$67.85" in part
    assert "Bakery &lt;&amp;&gt;" in email.html
    message = to_message(email, "HotStack <no-reply@hotstack.local>", "ntf_1")
    assert message["To"] == "owner@example.com"
    assert message["Subject"] == "Your preview of Bakery is ready — pay here"
    assert message.is_multipart()
    assert "ntf_1" in message["Message-ID"]
