"""Composition root of the notifier service."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from hotstack_libs.blobs import BlobStore
from hotstack_libs.http import Runtime, create_service_app
from hotstack_libs.mail import Mailer, SmtpMailer

from . import api, handlers, store
from .delivery import Resolver, system_resolver
from .notifications import Notifier
from .settings import Settings
from .webhooks import DeliveryWorker, SecretBox

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(
    settings: Settings | None = None,
    *,
    blobs: BlobStore | None = None,
    mailer: Mailer | None = None,
    resolver: Resolver = system_resolver,
) -> FastAPI:
    """Build the notifier service."""
    settings = settings or Settings()
    notifier = Notifier(mailer or SmtpMailer(settings), settings.mail_from)
    box = SecretBox(settings.auth_secret.get_secret_value())

    async def deliver_webhooks(runtime: Runtime) -> None:
        async def tell_tenant(tenant: str, url: str, reason: str) -> None:
            async with runtime.sessions() as session:
                contact = await store.tenant_contact_email(session, tenant)
            await notifier.endpoint_disabled(tenant, url, reason, contact)

        worker = DeliveryWorker(
            runtime.transactions,
            box,
            schedule=settings.webhook_retry_schedule_seconds,
            lease_seconds=settings.webhook_lease_seconds,
            poll_seconds=settings.webhook_poll_seconds,
            disable_after_seconds=settings.webhook_disable_after_seconds,
            allow_loopback=settings.webhook_allow_loopback,
            resolver=resolver,
            on_disabled=tell_tenant,
        )
        await worker.run()

    app = create_service_app(
        settings,
        migrations=MIGRATIONS,
        subscriptions=lambda _: handlers.subscriptions_for(notifier),
        routers=[api.router],
        background=[deliver_webhooks],
        blobs=blobs,
    )
    app.state.secret_box = box
    return app
