"""Payment against a real nats-server and both stores: quotes, confirmation, expiry."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import nats
import pytest
from fastapi import FastAPI

from hotstack_contracts import BuildCompleted, Envelope, new_id, parse_event
from hotstack_libs.auth import mint_token
from hotstack_libs.processes import NatsServer
from hotstack_libs.settings import DEV_AUTH_SECRET
from hotstack_payment.app import create_app
from hotstack_payment.settings import Settings

from .test_services_on_stores import eventually

pytestmark = pytest.mark.integration


def build_completed(tenant: str) -> Envelope[BuildCompleted]:
    build_id = new_id("bld")
    upload_id = new_id("upl")
    return Envelope.new(
        BuildCompleted(
            build_id=build_id,
            upload_id=upload_id,
            site_name="Harbour Bakery",
            page_count=3,
            file_count=7,
            artifact_key=f"{tenant}/builds/{build_id}/site.zip",
            artifact_sha256="e" * 64,
            artifact_size_bytes=4096,
            preview_url=f"http://build/preview/{build_id}/",
        ),
        source="hotstack/build",
        tenant=tenant,
        correlation_id=upload_id,
        subject=build_id,
    )


@pytest.fixture
async def payment(
    request: pytest.FixtureRequest, database_url: str, fresh_nats: NatsServer, tmp_path: Path
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    expires = getattr(request, "param", 3600.0)
    settings = Settings(
        database_url=database_url,
        nats_url=fresh_nats.url,
        state_dir=tmp_path,
        environment="test",
        expires_after_seconds=expires,
        expiry_check_seconds=0.2,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://payment") as client:

            async def ready() -> bool:
                return (await client.get("/health/ready")).status_code == 200

            await eventually(ready)
            yield app, client


async def request_payment(nats_url: str, client: httpx.AsyncClient, tenant: str) -> dict[str, Any]:
    event = build_completed(tenant)
    connection = await nats.connect(nats_url)
    try:
        await connection.jetstream().publish(
            event.type, event.to_json(), headers={"Nats-Msg-Id": event.id}
        )
        subscription = await connection.jetstream().pull_subscribe(
            "hotstack.payment.requested.v1", stream="HOTSTACK"
        )
        messages = await subscription.fetch(1, timeout=10)
    finally:
        await connection.close()
    requested = parse_event(messages[0].data)
    assert requested.causationid == event.id
    headers = {"Authorization": f"Bearer {mint_token(DEV_AUTH_SECRET, tenant)}"}
    response = await client.get(f"/api/payments/{requested.data.payment_id}", headers=headers)  # type: ignore[attr-defined]
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


async def test_a_completed_build_is_quoted_in_grains_with_the_care_loop(
    payment: tuple[FastAPI, httpx.AsyncClient], fresh_nats: NatsServer
) -> None:
    _, client = payment
    body = await request_payment(fresh_nats.url, client, "acme")
    assert body["amount_grains"] == 4900 + 3 * 1000
    assert body["care_loop_grains"] == 1185
    assert body["total_grains"] == 9085
    assert body["status"] == "requires_payment_method"


@pytest.mark.parametrize("payment", [0.3], indirect=True)
async def test_an_unpaid_payment_expires_into_payment_failed(
    payment: tuple[FastAPI, httpx.AsyncClient], fresh_nats: NatsServer
) -> None:
    _, client = payment
    body = await request_payment(fresh_nats.url, client, "acme")
    headers = {"Authorization": f"Bearer {mint_token(DEV_AUTH_SECRET, 'acme')}"}
    url = f"/api/payments/{body['payment_id']}"

    async def expired() -> bool:
        return (await client.get(url, headers=headers)).json()["status"] == "failed"

    await eventually(expired)
    final = (await client.get(url, headers=headers)).json()
    assert final["failure_code"] == "expired"
    assert [t["to_status"] for t in final["transitions"]] == ["requires_payment_method", "failed"]
    late = await client.post(
        f"{url}/confirm", json={"card_number": "4242 4242 4242 4242"}, headers=headers
    )
    assert late.status_code == 409

    connection = await nats.connect(fresh_nats.url)
    try:
        subscription = await connection.jetstream().pull_subscribe(
            "hotstack.payment.failed.v1", stream="HOTSTACK"
        )
        failed = parse_event((await subscription.fetch(1, timeout=10))[0].data)
    finally:
        await connection.close()
    assert failed.data.code == "expired"  # type: ignore[attr-defined]
    assert failed.correlationid == body["upload_id"]


async def test_a_declined_card_fails_the_payment_once(
    payment: tuple[FastAPI, httpx.AsyncClient], fresh_nats: NatsServer
) -> None:
    _, client = payment
    body = await request_payment(fresh_nats.url, client, "acme")
    headers = {
        "Authorization": f"Bearer {mint_token(DEV_AUTH_SECRET, 'acme')}",
        "Idempotency-Key": "decline-1",
    }
    url = f"/api/payments/{body['payment_id']}/confirm"
    declined = await client.post(url, json={"card_number": "4000 0000 0000 0002"}, headers=headers)
    assert declined.status_code == 402
    assert declined.json()["failure_code"] == "card_declined"
    replay = await client.post(url, json={"card_number": "4000 0000 0000 0002"}, headers=headers)
    assert replay.json() == declined.json()
    other = await client.post(url, json={"card_number": "4242 4242 4242 4242"}, headers=headers)
    assert other.status_code == 422
