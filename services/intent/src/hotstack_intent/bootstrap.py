"""Composition root of the intent service: typed settings and dependencies, wired once."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from hotstack_libs.blobs import BlobStore
from hotstack_libs.documents import Sandbox
from hotstack_libs.http import Service, create_service_app, open_runtime

from . import api, handlers
from .deps import Dependencies
from .llm import LlmExtractor
from .settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def bootstrap(
    settings: Settings | None = None, *, blobs: BlobStore | None = None
) -> Service[Dependencies]:
    """The intent service, built from `settings` (the environment's when not given)."""
    settings = settings or Settings()
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
    deps = Dependencies(
        runtime=open_runtime(settings, blobs=blobs),
        documents=Sandbox(settings.document_limits(), workers=settings.document_workers),
        llm=llm,
    )
    return Service(
        deps,
        MIGRATIONS,
        subscriptions=handlers.subscriptions(deps),
        routers=[api.router],
        closers=[deps.documents.close, *([llm.close] if llm is not None else [])],
    )


def create_app(settings: Settings | None = None, *, blobs: BlobStore | None = None) -> FastAPI:
    """The intent service's app."""
    return create_service_app(bootstrap(settings, blobs=blobs))
