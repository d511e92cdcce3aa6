"""Payment against a real nats-server and both stores: quotes, confirmation, expiry."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import suppress
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import nats
import pytest
import stripe
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_contracts import Envelope, parse_event
from hotstack_libs.auth import mint_token
from hotstack_libs.bus import TransactionFactory
from hotstack_libs.settings import DEV_AUTH_SECRET
from hotstack_libs.store import create_engine, migrate
from hotstack_libs.timeutil import utcnow
from hotstack_payment import store
from hotstack_payment.bootstrap import MIGRATIONS
from hotstack_payment.confirm import begin_attempt, confirm_payment, request_fingerprint
from hotstack_payment.domain.signatures import sign
from hotstack_payment.providers import SandboxProvider
from hotstack_payment.settings import Settings
from hotstack_payment.upkeep import reconcile_processing
from hotstack_tools.processes import NatsServer
from hotstack_tools.testing.payments import (
    LoopbackDelivery,
    payment_service,
    request_payment,
    tenant_headers,
)
from hotstack_tools.testing.services import eventually

pytestmark = pytest.mark.integration


async def test_a_completed_build_is_quoted_in_grains_with_the_care_loop(
    payment: httpx.AsyncClient, fresh_nats: NatsServer
) -> None:
    client = payment
    body = await request_payment(fresh_nats.url, client, "acme")
    assert body["amount_grains"] == 4900 + 3 * 1000
    assert body["care_loop_grains"] == 1185
    assert body["total_grains"] == 9085
    assert body["status"] == "requires_payment_method"


@pytest.mark.parametrize("payment", [0.3], indirect=True)
async def test_an_unpaid_payment_expires_into_payment_failed(
    payment: httpx.AsyncClient, fresh_nats: NatsServer
) -> None:
    client = payment
    body = await request_payment(fresh_nats.url, client, "acme")
    headers = {"Authorization": f"Bearer {mint_token(DEV_AUTH_SECRET, 'acme')}"}
    url = f"/api/payments/{body['payment_id']}"

    async def expired() -> bool:
        return bool((await client.get(url, headers=headers)).json()["status"] == "failed")

    await eventually(expired)
    final = (await client.get(url, headers=headers)).json()
    assert final["failure_code"] == "expired"
    assert [t["to_status"] for t in final["transitions"]] == ["requires_payment_method", "failed"]
    late = await client.post(
        f"{url}/confirm", json={"card_number": "4242 4242 4242 4242"}, headers=headers
    )
    assert late.status_code == 409

    [failed] = await published(fresh_nats.url, "hotstack.payment.failed.v1")
    assert failed.data.code == "expired"
    assert failed.correlationid == body["upload_id"]


async def test_a_domain_refusal_is_a_problem_as_the_openapi_documents_it(
    payment: httpx.AsyncClient, fresh_nats: NatsServer
) -> None:
    body = await request_payment(fresh_nats.url, payment, "acme")
    headers = {
        "Authorization": f"Bearer {mint_token(DEV_AUTH_SECRET, 'acme')}",
        "Idempotency-Key": "short-card",
    }
    answer = await payment.post(
        f"/api/payments/{body['payment_id']}/confirm", json={"card_number": "1"}, headers=headers
    )
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert set(problem) >= {"type", "title", "status", "detail"}
    assert isinstance(problem["detail"], str)  # the schema's string, never a bare list


@pytest.mark.parametrize("key", ["", " ", "k" * 256, "a b"])
async def test_an_empty_or_malformed_idempotency_key_is_refused_with_422(
    payment: httpx.AsyncClient, fresh_nats: NatsServer, key: str
) -> None:
    body = await request_payment(fresh_nats.url, payment, "acme")
    headers = {"Authorization": f"Bearer {mint_token(DEV_AUTH_SECRET, 'acme')}"}
    url = f"/api/payments/{body['payment_id']}/confirm"
    for _ in range(2):  # the second try is where a stored empty key used to collide
        answer = await payment.post(
            url,
            json={"card_number": "4242 4242 4242 4242"},
            headers={**headers, "Idempotency-Key": key},
        )
        assert answer.status_code == 422, answer.text
    status = (await payment.get(f"/api/payments/{body['payment_id']}", headers=headers)).json()
    assert status["status"] == "requires_payment_method"  # untouched: still payable


async def test_a_declined_card_leaves_the_payment_open_for_another_card(
    payment: httpx.AsyncClient, fresh_nats: NatsServer
) -> None:
    client = payment
    body = await request_payment(fresh_nats.url, client, "acme")
    headers = {
        "Authorization": f"Bearer {mint_token(DEV_AUTH_SECRET, 'acme')}",
        "Idempotency-Key": "decline-1",
    }
    url = f"/api/payments/{body['payment_id']}/confirm"
    declined = await client.post(url, json={"card_number": "4000 0000 0000 0002"}, headers=headers)
    assert declined.status_code == 402
    answer = declined.json()
    assert (answer["status"], answer["failure_code"]) == (
        "requires_payment_method",
        "card_declined",
    )
    assert answer["failure_message"] == "your card was declined"
    replay = await client.post(url, json={"card_number": "4000 0000 0000 0002"}, headers=headers)
    assert replay.json() == declined.json()
    other = await client.post(url, json={"card_number": "4242 4242 4242 4242"}, headers=headers)
    assert other.status_code == 422  # the key belongs to the declined attempt

    # Another card, under a key of its own, pays the same payment.
    headers["Idempotency-Key"] = "decline-2"
    paid = await client.post(url, json={"card_number": "4242 4242 4242 4242"}, headers=headers)
    assert paid.status_code == 200
    final = paid.json()
    assert (final["status"], final["failure_code"]) == ("succeeded", None)
    assert [t["to_status"] for t in final["transitions"]] == [
        "requires_payment_method",
        "processing",
        "requires_payment_method",
        "processing",
        "succeeded",
    ]
    assert await payment_events(fresh_nats.url, body["payment_id"], 3) == [
        "hotstack.payment.requested.v1",
        "hotstack.payment.declined.v1",
        "hotstack.payment.settled.v1",
    ]


async def test_only_the_tenant_cancels_an_open_payment_and_that_ends_it(
    payment: httpx.AsyncClient, fresh_nats: NatsServer
) -> None:
    client = payment
    body = await request_payment(fresh_nats.url, client, "acme")
    url = f"/api/payments/{body['payment_id']}"
    stranger = await client.post(f"{url}/cancel", headers=tenant_headers("other"))
    assert stranger.status_code == 404
    canceled = await client.post(f"{url}/cancel", headers=tenant_headers())
    assert canceled.status_code == 200
    assert (canceled.json()["status"], canceled.json()["failure_code"]) == ("canceled", "canceled")
    again = await client.post(f"{url}/cancel", headers=tenant_headers())
    assert again.status_code == 409
    late = await client.post(
        f"{url}/confirm", json={"card_number": "4242 4242 4242 4242"}, headers=tenant_headers()
    )
    assert late.status_code == 409
    assert await payment_events(fresh_nats.url, body["payment_id"], 2) == [
        "hotstack.payment.requested.v1",
        "hotstack.payment.failed.v1",
    ]


async def test_a_card_that_fails_later_is_declined_by_a_signed_webhook_once(
    sandboxed: tuple[httpx.AsyncClient, LoopbackDelivery, str],
) -> None:
    client, delivery, nats_url = sandboxed
    body = await request_payment(nats_url, client, "acme")
    url = f"/api/payments/{body['payment_id']}"
    pending = await client.post(
        f"{url}/confirm", json={"card_number": "4000 0000 0000 0341"}, headers=tenant_headers()
    )
    assert pending.status_code == 202
    assert pending.json()["status"] == "processing"

    async def declined() -> bool:
        answer = (await client.get(url, headers=tenant_headers())).json()
        return bool(answer["failure_code"] == "card_declined")

    await eventually(declined)
    webhook, signature = delivery.sent[0]
    replay = await client.post(
        "/api/payments/webhooks/sandbox", content=webhook, headers={"Stripe-Signature": signature}
    )
    assert replay.json() == {"result": "duplicate"}
    final = (await client.get(url, headers=tenant_headers())).json()
    assert [t["to_status"] for t in final["transitions"]] == [
        "requires_payment_method",
        "processing",
        "requires_payment_method",  # open again: the bank said no, another card may say yes
    ]
    assert final["failure_message"] == "the bank declined the payment"
    assert final["postings"] == []


async def test_webhooks_with_bad_signatures_are_refused(
    sandboxed: tuple[httpx.AsyncClient, LoopbackDelivery, str],
) -> None:
    client, _, _ = sandboxed
    body = b'{"id":"evt_x","type":"charge.succeeded","data":{"payment_id":"pay_x"}}'
    now = int(time.time())
    cases = {
        "altered": (body.replace(b"pay_x", b"pay_y"), sign(body, "whsec_integration", now)),
        "wrong secret": (body, sign(body, "whsec_other", now)),
        "stale": (body, sign(body, "whsec_integration", now - 600)),
        "missing": (body, ""),
    }
    for name, (content, header) in cases.items():
        response = await client.post(
            "/api/payments/webhooks/sandbox", content=content, headers={"Stripe-Signature": header}
        )
        assert response.status_code == 400, name
    signed = stripe.WebhookSignature.generate_signature_header(body.decode(), "whsec_integration")
    accepted = await client.post(
        "/api/payments/webhooks/sandbox", content=body, headers={"Stripe-Signature": signed}
    )
    assert accepted.status_code == 200
    assert accepted.json() == {"result": "unknown_payment"}


async def test_concurrent_confirms_with_one_key_charge_once_and_answer_alike(
    sandboxed: tuple[httpx.AsyncClient, LoopbackDelivery, str],
) -> None:
    client, _, nats_url = sandboxed
    body = await request_payment(nats_url, client, "acme")
    url = f"/api/payments/{body['payment_id']}/confirm"
    responses = await asyncio.gather(
        *(
            client.post(
                url, json={"card_number": "4242 4242 4242 4242"}, headers=tenant_headers(key="k")
            )
            for _ in range(6)
        )
    )
    assert {r.status_code for r in responses} == {200}
    assert len({r.text for r in responses}) == 1
    assert sum(r.headers.get("Idempotent-Replayed") == "true" for r in responses) == 5
    final = (
        await client.get(f"/api/payments/{body['payment_id']}", headers=tenant_headers())
    ).json()
    assert final["postings"] == [
        {"account": "customer", "debit_grains": 9085, "credit_grains": 0},
        {"account": "revenue", "debit_grains": 0, "credit_grains": 7900},
        {"account": "care_loop", "debit_grains": 0, "credit_grains": 1185},
    ]
    balances = (await client.get("/api/payments/balances", headers=tenant_headers())).json()
    assert balances == {"customer": 9085, "revenue": -7900, "care_loop": -1185}


async def test_concurrent_confirms_with_different_keys_charge_once(
    sandboxed: tuple[httpx.AsyncClient, LoopbackDelivery, str],
) -> None:
    client, _, nats_url = sandboxed
    body = await request_payment(nats_url, client, "acme")
    url = f"/api/payments/{body['payment_id']}/confirm"
    responses = await asyncio.gather(
        *(
            client.post(
                url,
                json={"card_number": "4242 4242 4242 4242"},
                headers=tenant_headers(key=f"k{n}"),
            )
            for n in range(5)
        )
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 409, 409, 409, 409]
    assert all("already" in r.json()["detail"] for r in responses if r.status_code == 409)
    final = (
        await client.get(f"/api/payments/{body['payment_id']}", headers=tenant_headers())
    ).json()
    assert len(final["postings"]) == 3
    assert [t["to_status"] for t in final["transitions"]].count("succeeded") == 1


async def test_an_idempotency_key_from_another_payment_is_refused(
    sandboxed: tuple[httpx.AsyncClient, LoopbackDelivery, str],
) -> None:
    client, _, nats_url = sandboxed
    first = await request_payment(nats_url, client, "acme")
    second = await request_payment(nats_url, client, "acme")
    card = {"card_number": "4242 4242 4242 4242"}
    ok = await client.post(
        f"/api/payments/{first['payment_id']}/confirm",
        json=card,
        headers=tenant_headers(key="same"),
    )
    assert ok.status_code == 200
    other = await client.post(
        f"/api/payments/{second['payment_id']}/confirm",
        json=card,
        headers=tenant_headers(key="same"),
    )
    assert other.status_code == 422


class LostDelivery:
    """A provider whose webhooks never arrive (the endpoint was down, the report lost)."""

    def __init__(self) -> None:
        self.sent: list[tuple[bytes, str]] = []

    async def __call__(self, body: bytes, signature: str) -> None:
        self.sent.append((body, signature))


async def test_a_processing_payment_whose_webhook_was_lost_is_reconciled_after_a_restart(
    database_url: str, fresh_nats: NatsServer, tmp_path: Path
) -> None:
    def settings(reconcile_after: float) -> Settings:
        return Settings(
            database_url=database_url,
            nats_url=fresh_nats.url,
            state_dir=tmp_path,
            environment="test",
            webhook_secret="whsec_integration",  # type: ignore[arg-type]
            expiry_check_seconds=0.1,
            reconcile_after_seconds=reconcile_after,
        )

    lost = LostDelivery()
    before = SandboxProvider("whsec_integration", lost, delay_seconds=0.2)
    async with payment_service(settings(reconcile_after=3600), before) as client:
        body = await request_payment(fresh_nats.url, client, "acme")
        url = f"/api/payments/{body['payment_id']}"
        pending = await client.post(
            f"{url}/confirm", json={"card_number": "4000 0000 0000 0341"}, headers=tenant_headers()
        )
        assert pending.status_code == 202

        async def reported() -> bool:
            return len(lost.sent) == 1

        await eventually(reported)  # the bank's answer went nowhere
        assert (await client.get(url, headers=tenant_headers())).json()["status"] == "processing"

    after = SandboxProvider("whsec_integration", LostDelivery(), delay_seconds=0.2)
    async with payment_service(settings(reconcile_after=0.3), after) as client:

        async def declined() -> bool:
            answer = (await client.get(url, headers=tenant_headers())).json()
            return bool(answer["failure_code"] == "card_declined")

        await eventually(declined)
        final = (await client.get(url, headers=tenant_headers())).json()
        assert final["status"] == "requires_payment_method"  # open for another card
        assert final["postings"] == []
        assert [t["to_status"] for t in final["transitions"]] == [
            "requires_payment_method",
            "processing",
            "requires_payment_method",
        ]
        assert "reconciled" in final["transitions"][-1]["cause"]
        webhook, signature = lost.sent[0]  # the lost report turns up after all
        late = await client.post(
            "/api/payments/webhooks/sandbox",
            content=webhook,
            headers={"Stripe-Signature": signature},
        )
        assert late.json() == {"result": "ignored: payment is requires_payment_method"}
        # Read while the service runs: its outbox relay publishes the event after the commit,
        # and a service stopped before that publishes it only when it starts again.
        events = await published(fresh_nats.url, "hotstack.payment.declined.v1")
    assert [e.data.payment_id for e in events] == [body["payment_id"]]


async def payment_events(url: str, payment_id: str, count: int) -> list[str]:
    """The types of one payment's events in stream order, once `count` of them are there."""
    connection = await nats.connect(url)
    types: list[str] = []
    try:

        async def arrived() -> bool:
            subscription = await connection.jetstream().pull_subscribe(
                "hotstack.payment.>", stream="HOTSTACK"
            )
            types.clear()
            while True:
                try:
                    batch = await subscription.fetch(100, timeout=0.5)
                except TimeoutError:  # nats-py raises its own or asyncio's; both are this
                    break
                for message in batch:
                    event = parse_event(message.data)
                    if getattr(event.data, "payment_id", None) == payment_id:
                        types.append(event.type)
            await subscription.unsubscribe()
            return len(types) >= count

        await eventually(arrived)
        return types
    finally:
        await connection.close()


async def published(url: str, subject: str) -> list[Envelope[Any]]:
    """The events on a subject once at least one is there (within 15 s)."""
    connection = await nats.connect(url)
    try:
        subscription = await connection.jetstream().pull_subscribe(subject, stream="HOTSTACK")
        found: list[Envelope[Any]] = []

        async def arrived() -> bool:
            with suppress(TimeoutError):  # nats-py raises its own or asyncio's
                found.extend(parse_event(m.data) for m in await subscription.fetch(10, timeout=1))
            return bool(found)

        await eventually(arrived)
        return found
    finally:
        await connection.close()


@pytest.fixture
async def transactions(database_url: str) -> AsyncIterator[TransactionFactory]:
    """Transactions on the payment service's migrated store, without the service."""
    engine = create_engine(database_url)
    await migrate(engine, MIGRATIONS)
    try:
        yield TransactionFactory(
            async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
        )
    finally:
        await engine.dispose()


def a_payment(payment_id: str, status: str, **fields: Any) -> store.Payment:
    """A payment of 1.15 for acme, open for an hour."""
    return store.Payment(
        id=payment_id,
        tenant_id="acme",
        build_id=f"bld_{payment_id}",
        upload_id=f"upl_{payment_id}",
        site_name="Site",
        amount_grains=100,
        care_loop_grains=15,
        total_grains=115,
        status=status,
        checkout_url="http://payment/checkout",
        expires_at=utcnow() + timedelta(hours=1),
        **fields,
    )


async def test_a_charge_the_provider_cannot_answer_for_does_not_stall_reconciliation(
    transactions: TransactionFactory,
) -> None:
    provider = SandboxProvider("whsec_integration", LostDelivery(), delay_seconds=0)
    async with transactions() as tx:
        for payment_id, reference in (("pay_old", "ch_made_elsewhere"), ("pay_new", None)):
            if reference is None:
                _, reference = await provider.charge(
                    payment_id, 100, "4000000000000341", idempotency_key="k"
                )
            tx.session.add(
                a_payment(
                    payment_id,
                    "processing",
                    provider_reference=reference,
                    updated_at=utcnow() - timedelta(hours=1),
                )
            )
    assert await reconcile_processing(transactions, provider, timedelta(minutes=1)) == 1
    async with transactions() as tx:
        old = await tx.session.get(store.Payment, "pay_old")
        new = await tx.session.get(store.Payment, "pay_new")
        assert old is not None
        assert new is not None
        assert (old.status, new.status) == ("processing", "requires_payment_method")


async def test_a_confirm_whose_process_died_is_finished_by_its_retry_or_reconciled(
    transactions: TransactionFactory,
) -> None:
    provider = SandboxProvider("whsec_integration", LostDelivery(), delay_seconds=0)
    card = "4242 4242 4242 4242"
    async with transactions() as tx:
        for payment_id in ("pay_retried", "pay_left"):
            tx.session.add(a_payment(payment_id, "requires_payment_method"))
    # The first request of each moves it to processing, then its process dies before the
    # processor answers: nothing after the first transaction happens.
    for payment_id in ("pay_retried", "pay_left"):
        fingerprint = request_fingerprint(payment_id, "4242424242424242")
        await begin_attempt(
            transactions, "sandbox", "acme", payment_id, f"k-{payment_id}", fingerprint
        )

    # Its retry under the same key charges again (the processor's idempotency key makes
    # that the same charge) and answers.
    retried = await confirm_payment(
        transactions, provider, tenant="acme", payment_id="pay_retried",
        card_number=card, idempotency_key="k-pay_retried",
    )  # fmt: skip
    assert (retried.status_code, retried.body["status"]) == (200, "succeeded")

    # Nobody retries the other: once it is stale, reconciliation asks for a card again and
    # the waiting key answers with that.
    async with transactions() as tx:
        left = await tx.session.get(store.Payment, "pay_left")
        assert left is not None
        assert left.status == "processing"
        left.updated_at = utcnow() - timedelta(hours=1)
    assert await reconcile_processing(transactions, provider, timedelta(minutes=1)) == 1
    late = await confirm_payment(
        transactions, provider, tenant="acme", payment_id="pay_left",
        card_number=card, idempotency_key="k-pay_left",
    )  # fmt: skip
    assert (late.status_code, late.replayed) == (402, True)
    assert (late.body["status"], late.body["failure_code"]) == (
        "requires_payment_method",
        "interrupted",
    )
    again = await confirm_payment(
        transactions, provider, tenant="acme", payment_id="pay_left",
        card_number=card, idempotency_key="k-pay_left-2",
    )  # fmt: skip
    assert (again.status_code, again.body["status"]) == (200, "succeeded")
