"""Fixtures the integration tests share."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from hotstack_payment.providers import SandboxProvider
from hotstack_payment.settings import Settings
from hotstack_tools.processes import NatsServer
from hotstack_tools.testing.payments import LoopbackDelivery, payment_service


@pytest.fixture
async def payment(
    request: pytest.FixtureRequest, database_url: str, fresh_nats: NatsServer, tmp_path: Path
) -> AsyncIterator[httpx.AsyncClient]:
    expires = getattr(request, "param", 3600.0)
    settings = Settings(
        database_url=database_url,
        nats_url=fresh_nats.url,
        state_dir=tmp_path,
        environment="test",
        expires_after_seconds=expires,
        expiry_check_seconds=0.2,
    )
    async with payment_service(settings) as client:
        yield client


@pytest.fixture
async def sandboxed(
    request: pytest.FixtureRequest, database_url: str, fresh_nats: NatsServer, tmp_path: Path
) -> AsyncIterator[tuple[httpx.AsyncClient, LoopbackDelivery, str]]:
    """The payment service with a sandbox whose late outcomes arrive after `param` seconds."""
    settings = Settings(
        database_url=database_url,
        nats_url=fresh_nats.url,
        state_dir=tmp_path,
        environment="test",
        webhook_secret="whsec_integration",  # type: ignore[arg-type]
    )
    delivery = LoopbackDelivery()
    delay = getattr(request, "param", 0.2)
    provider = SandboxProvider("whsec_integration", delivery, delay_seconds=delay)
    async with payment_service(settings, provider) as client:
        delivery.client = client
        yield client, delivery, fresh_nats.url
