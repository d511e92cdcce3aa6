"""Composition root of the upload service."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import structlog
from fastapi import FastAPI

from hotstack_libs.blobs import BlobStore
from hotstack_libs.documents import Sandbox
from hotstack_libs.http import Runtime, create_service_app
from hotstack_libs.tasks import stop_if_cancelling

from . import api, handlers, pages, signin
from .settings import Settings
from .uploads import sweep_orphans

MIGRATIONS = Path(__file__).parent / "migrations"
log = structlog.get_logger()


def create_app(settings: Settings | None = None, *, blobs: BlobStore | None = None) -> FastAPI:
    """Build the upload service."""
    settings = settings or Settings()
    documents = Sandbox(settings.document_limits(), workers=settings.document_workers)

    async def hold_documents(_: Runtime) -> None:
        try:
            await asyncio.Event().wait()
        finally:
            await documents.close()

    async def sweep(runtime: Runtime) -> None:
        grace = timedelta(seconds=settings.orphan_grace_seconds)
        while True:
            try:
                await sweep_orphans(runtime.transactions, runtime.blobs, grace)
            except Exception as error:  # the store or blob store is down: try next round
                stop_if_cancelling(error)
                log.warning("upload.orphan_sweep_failed", error=str(error))
            await asyncio.sleep(settings.orphan_sweep_seconds)

    app = create_service_app(
        settings,
        migrations=MIGRATIONS,
        subscriptions=handlers.subscriptions,
        routers=[api.router, pages.router, signin.router],
        background=[hold_documents, sweep],
        blobs=blobs,
    )
    app.state.documents = documents
    return app
