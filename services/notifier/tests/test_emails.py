"""The emails people receive."""

from __future__ import annotations

import pytest

from hotstack_notifier.domain.emails import notification_id, render, to_message

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


def test_one_event_to_one_recipient_always_gets_the_same_message_id() -> None:
    email = render(
        "site_live", "owner@example.com", "Your site is live", site_name="B", site_url="u"
    )
    first = notification_id("evt_1", "email", "owner@example.com")
    assert first == notification_id("evt_1", "email", "owner@example.com")
    assert first.startswith("ntf_")
    assert first != notification_id("evt_2", "email", "owner@example.com")
    assert first != notification_id("evt_1", "email", "other@example.com")
    sender = "HotStack <no-reply@mail.example.org>"
    message = to_message(email, sender, first)
    assert message["Message-ID"] == f"<{first}@mail.example.org>"
    assert to_message(email, sender, first)["Message-ID"] == message["Message-ID"]
