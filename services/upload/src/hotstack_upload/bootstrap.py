"""Composition root of the upload service: typed settings and dependencies, wired once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI

from hotstack_libs.blobs import BlobStore
from hotstack_libs.documents import Sandbox
from hotstack_libs.http import Service, create_service_app, open_runtime
from hotstack_libs.mail import Mailer, SmtpMailer
from hotstack_libs.store import Lease

from . import api, handlers, pages, signin
from .deps import Dependencies
from .service import keep_sweeping
from .settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def bootstrap(
    settings: Settings | None = None,
    *,
    blobs: BlobStore | None = None,
    mailer: Mailer | None = None,
) -> Service[Dependencies]:
    """The upload service, built from `settings` (the environment's when not given)."""
    settings = settings or Settings()
    deps = Dependencies(
        runtime=open_runtime(settings, blobs=blobs),
        documents=Sandbox(settings.document_limits(), workers=settings.document_workers),
        mailer=mailer or SmtpMailer(settings),
    )

    lease = Lease(deps.runtime.engine, "upload.orphan-sweep")

    async def sweep_orphans() -> None:
        grace = timedelta(seconds=settings.orphan_grace_seconds)
        await keep_sweeping(
            deps.transactions,
            deps.blobs,
            grace,
            settings.orphan_sweep_seconds,
            settings.spool_dir,
            lease,
        )

    return Service(
        deps,
        MIGRATIONS,
        subscriptions=handlers.subscriptions(deps),
        routers=[api.router, pages.router, signin.router],
        background=[sweep_orphans],
        closers=[deps.documents.close, lease.release],
    )


def create_app(
    settings: Settings | None = None,
    *,
    blobs: BlobStore | None = None,
    mailer: Mailer | None = None,
) -> FastAPI:
    """The upload service's app."""
    return create_service_app(bootstrap(settings, blobs=blobs, mailer=mailer))
