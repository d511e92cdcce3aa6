"""The payment service in a test: served in-process, a payment requested, webhooks looped back."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import nats

from hotstack_contracts import parse_event
from hotstack_libs.auth import mint_token
from hotstack_libs.settings import DEV_AUTH_SECRET
from hotstack_payment.bootstrap import create_app
from hotstack_payment.providers import SandboxProvider
from hotstack_payment.settings import Settings

from .factories import build_completed, upload_received
from .services import eventually


@asynccontextmanager
async def payment_service(
    settings: Settings, provider: SandboxProvider | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """The payment service under test, ready, behind an ASGI client."""
    app = create_app(settings, provider=provider)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://payment") as client:

            async def ready() -> bool:
                return (await client.get("/health/ready")).status_code == 200

            await eventually(ready)
            yield client


async def request_payment(nats_url: str, client: httpx.AsyncClient, tenant: str) -> dict[str, Any]:
    event = build_completed(upload_received(tenant), site_name="Harbour Bakery", page_count=3)
    connection = await nats.connect(nats_url)
    try:
        await connection.jetstream().publish(
            event.type, event.to_json(), headers={"Nats-Msg-Id": event.id}
        )
        subscription = await connection.jetstream().pull_subscribe(
            "hotstack.payment.requested.v1", stream="HOTSTACK"
        )
        requested = None
        for _ in range(50):
            for message in await subscription.fetch(10, timeout=10):
                candidate = parse_event(message.data)
                if candidate.causationid == event.id:
                    requested = candidate
            if requested is not None:
                break
    finally:
        await connection.close()
    assert requested is not None, "no PaymentRequested caused by the build"
    headers = {"Authorization": f"Bearer {mint_token(DEV_AUTH_SECRET, tenant)}"}
    response = await client.get(f"/api/payments/{requested.data.payment_id}", headers=headers)  # type: ignore[attr-defined]
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


class LoopbackDelivery:
    """Delivers the sandbox's webhooks to the app under test, and keeps them for replays."""

    def __init__(self) -> None:
        self.client: httpx.AsyncClient | None = None
        self.sent: list[tuple[bytes, str]] = []

    async def __call__(self, body: bytes, signature: str) -> None:
        assert self.client is not None
        self.sent.append((body, signature))
        response = await self.client.post(
            "/api/payments/webhooks/sandbox",
            content=body,
            headers={"Stripe-Signature": signature, "Content-Type": "application/json"},
        )
        response.raise_for_status()


def tenant_headers(tenant: str = "acme", key: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {mint_token(DEV_AUTH_SECRET, tenant)}"}
    if key:
        headers["Idempotency-Key"] = key
    return headers
