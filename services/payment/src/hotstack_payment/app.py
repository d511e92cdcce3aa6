"""Composition root of the payment service."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from hotstack_libs.blobs import BlobStore
from hotstack_libs.http import Runtime, create_service_app

from . import api, checkout, handlers
from .payments import keep_payments_current
from .providers import PaymentProvider, SandboxProvider, http_deliver
from .settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(
    settings: Settings | None = None,
    *,
    blobs: BlobStore | None = None,
    provider: PaymentProvider | None = None,
) -> FastAPI:
    """Build the payment service."""
    settings = settings or Settings()
    provider = provider or configured_provider(settings)

    async def keep_current(runtime: Runtime) -> None:
        await keep_payments_current(
            runtime.transactions,
            provider,
            every_seconds=settings.expiry_check_seconds,
            reconcile_after_seconds=settings.reconcile_after_seconds,
            keep_keys_seconds=settings.idempotency_ttl_seconds,
        )

    app = create_service_app(
        settings,
        migrations=MIGRATIONS,
        subscriptions=handlers.subscriptions,
        routers=[api.router, checkout.router],
        background=[keep_current],
        blobs=blobs,
    )
    app.state.provider = provider
    return app


def configured_provider(settings: Settings) -> PaymentProvider:
    """The processor named by PAYMENT_PROVIDER."""
    if settings.provider == "sandbox":
        return SandboxProvider(
            settings.webhook_secret.get_secret_value(),
            http_deliver(f"{settings.public_url}/api/payments/webhooks/{settings.provider}"),
            settings.sandbox_async_delay_seconds,
        )
    raise ValueError(f"unknown payment provider {settings.provider!r}")
