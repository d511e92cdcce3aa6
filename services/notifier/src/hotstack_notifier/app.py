"""Composition root of the notifier service."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from hotstack_libs.blobs import BlobStore
from hotstack_libs.http import create_service_app

from . import api, handlers
from .mailer import Mailer, SmtpMailer
from .notifications import Notifier
from .settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(
    settings: Settings | None = None,
    *,
    blobs: BlobStore | None = None,
    mailer: Mailer | None = None,
) -> FastAPI:
    """Build the notifier service."""
    settings = settings or Settings()
    notifier = Notifier(mailer or SmtpMailer(settings), settings.mail_from)
    return create_service_app(
        settings,
        migrations=MIGRATIONS,
        subscriptions=lambda _: handlers.subscriptions_for(notifier),
        routers=[api.router],
        blobs=blobs,
    )
