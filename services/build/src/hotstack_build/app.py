"""Composition root of the build service."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from hotstack_libs.blobs import BlobStore
from hotstack_libs.http import create_service_app

from . import api, forms, handlers
from .settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: Settings | None = None, *, blobs: BlobStore | None = None) -> FastAPI:
    """Build the build service."""
    return create_service_app(
        settings or Settings(),
        migrations=MIGRATIONS,
        subscriptions=handlers.subscriptions,
        routers=[api.router, forms.router],
        blobs=blobs,
    )
