"""Composition root of the payment service."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from hotstack_libs.blobs import BlobStore
from hotstack_libs.http import Runtime, create_service_app

from . import api, handlers
from .payments import expire_forever
from .settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: Settings | None = None, *, blobs: BlobStore | None = None) -> FastAPI:
    """Build the payment service."""
    settings = settings or Settings()

    async def expire_unpaid(runtime: Runtime) -> None:
        await expire_forever(runtime.transactions, settings.expiry_check_seconds)

    return create_service_app(
        settings,
        migrations=MIGRATIONS,
        subscriptions=handlers.subscriptions,
        routers=[api.router],
        background=[expire_unpaid],
        blobs=blobs,
    )
