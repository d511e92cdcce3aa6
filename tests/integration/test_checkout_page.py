"""The hosted checkout page against a real nats-server and both stores: a tenant pays from the
signed link alone; bad links, cards and forms are refused and change nothing."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import sqlalchemy as sa

from hotstack_libs.store import create_engine
from hotstack_libs.timeutil import utcnow
from hotstack_payment import checkout, store
from hotstack_tools.processes import NatsServer
from hotstack_tools.testing.payments import LoopbackDelivery, request_payment, tenant_headers
from hotstack_tools.testing.services import eventually
from hotstack_tools.testing.validator import nu_validate

pytestmark = pytest.mark.integration


def link_of(body: dict[str, Any]) -> str:
    """The checkout link's path and query, to call on the app under test."""
    parts = urlsplit(body["checkout_url"])
    assert parts.path == f"/checkout/{body['payment_id']}"
    assert parts.query.startswith("sig=")
    return f"{parts.path}?{parts.query}"


def attempt_of(page: httpx.Response) -> str:
    found = re.search(r'name="attempt" value="(chk_[0-9a-f]{32})"', page.text)
    assert found, page.text
    return found.group(1)


async def api_view(client: httpx.AsyncClient, payment_id: str) -> dict[str, Any]:
    response = await client.get(f"/api/payments/{payment_id}", headers=tenant_headers())
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


async def submit(client: httpx.AsyncClient, link: str, card: str, attempt: str) -> httpx.Response:
    return await client.post(link, data={"card_number": card, "attempt": attempt})


Checkout = tuple[httpx.AsyncClient, dict[str, Any], str]


@pytest.fixture
async def a_checkout(payment: httpx.AsyncClient, fresh_nats: NatsServer) -> Checkout:
    """(client, the payment as the API shows it, its checkout link) for a fresh payment."""
    body = await request_payment(fresh_nats.url, payment, "acme")
    return payment, body, link_of(body)


async def test_the_signed_link_shows_the_quote_and_takes_a_card_to_paid(
    a_checkout: Checkout,
) -> None:
    client, body, link = a_checkout

    page = await client.get(link)
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "Harbour Bakery" in page.text
    assert f'<a href="{body["preview_url"]}"' in page.text
    assert "$79.00" in page.text  # 4900 + 3 pages at 1000 grains
    assert "$11.85" in page.text  # the 15% Care Loop
    assert '<button type="submit">Pay $90.85</button>' in page.text
    assert (await client.get("/checkout/checkout.css")).status_code == 200

    attempt = attempt_of(page)
    paid = await submit(client, link, "4242 4242 4242 4242", attempt)
    assert paid.status_code == 303
    assert paid.headers["location"] == link.removeprefix("/checkout/")
    shown = await client.get(link)
    assert '<h1 id="heading">Payment received</h1>' in shown.text
    assert 'name="card_number"' not in shown.text

    again = await submit(client, link, "4242 4242 4242 4242", attempt)  # a reload of the POST
    assert again.status_code == 303
    view = await api_view(client, body["payment_id"])
    assert view["status"] == "succeeded"
    assert [t["to_status"] for t in view["transitions"]] == [
        "requires_payment_method",
        "processing",
        "succeeded",
    ]
    assert sorted(
        (p["account"], p["debit_grains"], p["credit_grains"]) for p in view["postings"]
    ) == [
        ("care_loop", 0, 1185),
        ("customer", 9085, 0),
        ("revenue", 0, 7900),
    ]


async def test_a_link_with_a_wrong_or_missing_signature_shows_nothing_and_pays_nothing(
    a_checkout: Checkout,
) -> None:
    client, body, link = a_checkout
    path, sig = link.split("?sig=")
    tampered = sig[:-1] + ("B" if sig.endswith("A") else "A")
    for bad in (path, f"{path}?sig=", f"{path}?sig={tampered}", f"/checkout/pay_other?sig={sig}"):
        page = await client.get(bad)
        assert page.status_code == 404, bad
        assert "This checkout link is not valid" in page.text
        assert "Harbour Bakery" not in page.text
        assert "<table" not in page.text
        refused = await client.post(
            bad, data={"card_number": "4242 4242 4242 4242", "attempt": "chk_" + "0" * 32}
        )
        assert refused.status_code == 404, bad
    assert (await api_view(client, body["payment_id"]))["status"] == "requires_payment_method"


async def test_an_invalid_card_number_is_shown_on_the_page_and_changes_nothing(
    a_checkout: Checkout,
) -> None:
    client, body, link = a_checkout
    attempt = attempt_of(await client.get(link))

    refused = await submit(client, link, "4242 <b>", attempt)
    assert refused.status_code == 422
    assert "The card number must be 12-19 digits" in refused.text
    assert 'aria-invalid="true" value="4242 &lt;b&gt;"' in refused.text
    view = await api_view(client, body["payment_id"])
    assert [t["to_status"] for t in view["transitions"]] == ["requires_payment_method"]

    paid = await submit(client, link, "4242424242424242", attempt_of(refused))
    assert paid.status_code == 303
    assert (await api_view(client, body["payment_id"]))["status"] == "succeeded"


async def test_a_declined_card_says_why_and_the_same_link_takes_another(
    a_checkout: Checkout,
) -> None:
    client, body, link = a_checkout
    declined = await submit(client, link, "4000 0000 0000 0002", attempt_of(await client.get(link)))
    assert declined.status_code == 303
    page = await client.get(link)
    assert '<h1 id="heading">Pay and publish</h1>' in page.text
    assert "Your card was declined. Nothing was charged: try another card." in page.text
    assert 'name="card_number"' in page.text

    paid = await submit(client, link, "4242 4242 4242 4242", attempt_of(page))
    assert paid.status_code == 303
    assert '<h1 id="heading">Payment received</h1>' in (await client.get(link)).text
    view = await api_view(client, body["payment_id"])
    assert (view["status"], view["failure_code"]) == ("succeeded", None)


async def test_forms_that_are_not_a_small_url_encoded_card_form_are_refused(
    a_checkout: Checkout,
) -> None:
    client, body, link = a_checkout
    card = {"card_number": "4242 4242 4242 4242"}

    as_json = await client.post(link, json={**card, "attempt": "chk_" + "2" * 32})
    assert as_json.status_code == 415
    no_attempt = await client.post(link, data=card)
    assert no_attempt.status_code == 400
    assert "attempt" in no_attempt.json()["detail"]
    huge = await client.post(link, data={**card, "attempt": "chk_" + "3" * 32, "pad": "x" * 5000})
    assert huge.status_code == 413
    not_utf8 = await client.post(
        link,
        content=b"card_number=%ff%fe&attempt=chk_" + b"4" * 32,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert not_utf8.status_code == 422  # decoded with replacement: not a card number
    view = await api_view(client, body["payment_id"])
    assert [t["to_status"] for t in view["transitions"]] == ["requires_payment_method"]


@pytest.mark.parametrize("sandboxed", [2.0], indirect=True)  # time to see "processing"
async def test_a_card_the_bank_fails_later_shows_processing_then_the_reason(
    sandboxed: tuple[httpx.AsyncClient, LoopbackDelivery, str],
) -> None:
    client, delivery, nats_url = sandboxed
    body = await request_payment(nats_url, client, "acme")
    link = link_of(body)
    sent = await submit(client, link, "4000 0000 0000 0341", attempt_of(await client.get(link)))
    assert sent.status_code == 303
    processing = await client.get(link)
    assert '<h1 id="heading">Payment processing</h1>' in processing.text
    assert '<meta http-equiv="refresh" content="2">' in processing.text

    async def declined() -> bool:
        return "The bank declined the payment. Nothing was charged" in (await client.get(link)).text

    await eventually(declined)
    assert len(delivery.sent) == 1
    assert 'name="card_number"' in (await client.get(link)).text  # open for another card


def test_every_state_of_the_checkout_page_passes_the_nu_html_validator(tmp_path: Path) -> None:
    soon = utcnow() + timedelta(hours=1)
    pages = {"invalid": checkout.invalid_link()}
    for state in ("requires_payment_method", "processing", "succeeded", "failed", "canceled"):
        pages[state] = checkout.render(checkout.page_for(a_payment(state, soon), "sig"))
    pages["expired"] = checkout.render(
        checkout.page_for(a_payment("requires_payment_method", utcnow()), "sig")
    )
    pages["card-error"] = checkout.render(
        checkout.page_for(
            a_payment("requires_payment_method", soon),
            "sig",
            error="The card number must be 12-19 digits",
            card_number="1234",
        )
    )
    for name, response in pages.items():
        (tmp_path / f"{name}.html").write_bytes(response.body)
    result = nu_validate(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    headings = {
        n: re.search(r'<h1 id="heading">([^<]+)</h1>', bytes(r.body).decode())
        for n, r in pages.items()
    }
    assert {n: h.group(1) for n, h in headings.items() if h} == {
        "invalid": "This checkout link is not valid",
        "requires_payment_method": "Pay and publish",
        "processing": "Payment processing",
        "succeeded": "Payment received",
        "failed": "Payment failed",
        "canceled": "Payment canceled",
        "expired": "Checkout expired",
        "card-error": "Pay and publish",
    }


def a_payment(status: str, expires_at: datetime) -> store.Payment:
    return store.Payment(
        id="pay_1",
        tenant_id="acme",
        build_id="bld_1",
        upload_id="upl_1",
        site_name="Harbour Bakery",
        amount_grains=7900,
        care_loop_grains=1185,
        total_grains=9085,
        status=status,
        checkout_url="http://payment/checkout/pay_1?sig=sig",
        preview_url="http://build/preview/bld_1/",
        failure_message="your card was declined" if status == "failed" else None,
        expires_at=expires_at,
    )


async def test_a_total_that_changed_after_the_page_opened_is_not_charged(
    a_checkout: Checkout, database_url: str
) -> None:
    client, body, link = a_checkout
    page = await client.get(link)
    shown = re.search(r'name="total_grains" value="(\d+)"', page.text)
    assert shown is not None
    assert int(shown.group(1)) == body["total_grains"]
    # A revision re-quotes the payment (one more page) while the page is open.
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.execute(
            sa.text(
                "UPDATE payments SET amount_grains = amount_grains + 1000, "
                "care_loop_grains = care_loop_grains + 150, total_grains = total_grains + 1150"
            )
        )
    await engine.dispose()
    card = "4242 4242 4242 4242"
    stale = await client.post(
        link, data={"card_number": card, "attempt": attempt_of(page), "total_grains": shown[1]}
    )
    assert stale.status_code == 409
    assert "The price changed to $" in stale.text
    assert "Nothing was charged" in stale.text
    view = await api_view(client, body["payment_id"])
    assert (view["status"], view["postings"]) == ("requires_payment_method", [])
    fresh = re.search(r'name="total_grains" value="(\d+)"', stale.text)
    assert fresh is not None
    assert int(fresh[1]) == body["total_grains"] + 1150
    paid = await client.post(
        link, data={"card_number": card, "attempt": attempt_of(stale), "total_grains": fresh[1]}
    )
    assert paid.status_code == 303
    view = await api_view(client, body["payment_id"])
    assert (view["status"], view["total_grains"]) == ("succeeded", body["total_grains"] + 1150)
