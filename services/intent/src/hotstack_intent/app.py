"""Composition root of the intent service."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fastapi import FastAPI

from hotstack_libs.blobs import BlobStore
from hotstack_libs.documents import Sandbox
from hotstack_libs.http import Runtime, create_service_app

from . import api, handlers
from .llm import LlmExtractor
from .settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: Settings | None = None, *, blobs: BlobStore | None = None) -> FastAPI:
    """Build the intent service."""
    settings = settings or Settings()
    limits = settings.document_limits()
    documents = Sandbox(limits, workers=settings.document_workers)
    llm = (
        LlmExtractor(
            settings.llm_url,
            settings.llm_model,
            settings.llm_api_key,
            timeout=settings.llm_timeout_seconds,
            max_brief_chars=settings.llm_max_brief_chars,
        )
        if settings.llm_url and settings.llm_model
        else None
    )

    async def hold_readers(_: Runtime) -> None:
        try:
            await asyncio.Event().wait()
        finally:
            await documents.close()
            if llm is not None:
                await llm.close()

    app = create_service_app(
        settings,
        migrations=MIGRATIONS,
        subscriptions=handlers.subscriptions_for(documents, llm),
        routers=[api.router],
        background=[hold_readers],
        blobs=blobs,
    )
    app.state.documents = documents
    return app
