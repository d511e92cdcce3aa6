"""Composition root of the payment service: typed settings and dependencies, wired once."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from hotstack_libs.blobs import BlobStore
from hotstack_libs.http import Service, create_service_app, open_runtime
from hotstack_libs.store import Lease

from . import api, checkout, handlers
from .deps import Dependencies
from .providers import PaymentProvider, SandboxProvider, http_deliver
from .settings import Settings
from .upkeep import keep_payments_current

MIGRATIONS = Path(__file__).parent / "migrations"


def bootstrap(
    settings: Settings | None = None,
    *,
    blobs: BlobStore | None = None,
    provider: PaymentProvider | None = None,
) -> Service[Dependencies]:
    """The payment service, built from `settings` (the environment's when not given)."""
    settings = settings or Settings()
    deps = Dependencies(
        runtime=open_runtime(settings, blobs=blobs),
        provider=provider or configured_provider(settings),
    )

    lease = Lease(deps.runtime.engine, "payment.upkeep")

    async def keep_current() -> None:
        await keep_payments_current(
            deps.transactions,
            deps.provider,
            every_seconds=settings.expiry_check_seconds,
            reconcile_after_seconds=settings.reconcile_after_seconds,
            keep_keys_seconds=settings.idempotency_ttl_seconds,
            lease=lease,
        )

    return Service(
        deps,
        MIGRATIONS,
        subscriptions=handlers.subscriptions(deps),
        routers=[api.router, checkout.router],
        background=[keep_current],
        closers=[lease.release],
    )


def create_app(
    settings: Settings | None = None,
    *,
    blobs: BlobStore | None = None,
    provider: PaymentProvider | None = None,
) -> FastAPI:
    """The payment service's app."""
    return create_service_app(bootstrap(settings, blobs=blobs, provider=provider))


def configured_provider(settings: Settings) -> PaymentProvider:
    """The processor named by PAYMENT_PROVIDER."""
    if settings.provider == "sandbox":
        return SandboxProvider(
            settings.webhook_secret.get_secret_value(),
            http_deliver(f"{settings.public_url}/api/payments/webhooks/{settings.provider}"),
            settings.sandbox_async_delay_seconds,
        )
    raise ValueError(f"unknown payment provider {settings.provider!r}")
