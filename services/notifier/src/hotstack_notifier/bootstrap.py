"""Composition root of the notifier service: typed settings and dependencies, wired once."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from hotstack_libs.blobs import BlobStore
from hotstack_libs.http import Service, create_service_app, open_runtime
from hotstack_libs.mail import Mailer, SmtpMailer

from . import api, handlers, store
from .delivery import Resolver, system_resolver
from .deps import Dependencies
from .endpoints import SecretBox
from .service import Notifier
from .settings import Settings
from .worker import DeliveryWorker

MIGRATIONS = Path(__file__).parent / "migrations"


def bootstrap(
    settings: Settings | None = None,
    *,
    blobs: BlobStore | None = None,
    mailer: Mailer | None = None,
    resolver: Resolver = system_resolver,
) -> Service[Dependencies]:
    """The notifier, built from `settings` (the environment's when not given)."""
    settings = settings or Settings()
    deps = Dependencies(
        runtime=open_runtime(settings, blobs=blobs),
        notifier=Notifier(mailer or SmtpMailer(settings), settings.mail_from),
        box=SecretBox(settings.auth_secret.get_secret_value()),
        resolver=resolver,
    )

    async def tell_tenant(tenant: str, url: str, reason: str) -> None:
        async with deps.sessions() as session:
            contact = await store.tenant_contact_email(session, tenant)
        await deps.notifier.endpoint_disabled(tenant, url, reason, contact)

    worker = DeliveryWorker(
        deps.transactions,
        deps.box,
        schedule=settings.webhook_retry_schedule_seconds,
        lease_seconds=settings.webhook_lease_seconds,
        poll_seconds=settings.webhook_poll_seconds,
        disable_after_seconds=settings.webhook_disable_after_seconds,
        allow_loopback=settings.webhook_allow_loopback,
        resolver=deps.resolver,
        on_disabled=tell_tenant,
        due=deps.deliveries_due,
    )
    return Service(
        deps,
        MIGRATIONS,
        subscriptions=handlers.subscriptions(deps),
        routers=[api.router],
        background=[worker.run],
    )


def create_app(
    settings: Settings | None = None,
    *,
    blobs: BlobStore | None = None,
    mailer: Mailer | None = None,
    resolver: Resolver = system_resolver,
) -> FastAPI:
    """The notifier's app."""
    return create_service_app(bootstrap(settings, blobs=blobs, mailer=mailer, resolver=resolver))
