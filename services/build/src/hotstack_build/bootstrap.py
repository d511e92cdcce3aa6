"""Composition root of the build service: typed settings and dependencies, wired once."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from hotstack_libs.blobs import BlobStore
from hotstack_libs.http import Service, create_service_app, open_runtime

from . import api, forms, handlers
from .deps import Dependencies
from .settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def bootstrap(
    settings: Settings | None = None, *, blobs: BlobStore | None = None
) -> Service[Dependencies]:
    """The build service, built from `settings` (the environment's when not given)."""
    settings = settings or Settings()
    deps = Dependencies(runtime=open_runtime(settings, blobs=blobs))
    return Service(
        deps,
        MIGRATIONS,
        subscriptions=handlers.subscriptions(deps),
        routers=[api.router, forms.router],
    )


def create_app(settings: Settings | None = None, *, blobs: BlobStore | None = None) -> FastAPI:
    """The build service's app."""
    return create_service_app(bootstrap(settings, blobs=blobs))
