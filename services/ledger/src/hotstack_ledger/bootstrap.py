"""Composition root of the ledger service: typed settings and dependencies, wired once."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from hotstack_libs.blobs import BlobStore
from hotstack_libs.http import Service, create_service_app, open_runtime
from hotstack_libs.store import Lease

from . import api, handlers
from .checkpoints import Checkpointer
from .deps import Dependencies
from .settings import Settings
from .signing import load_signer
from .witness import WitnessClient

MIGRATIONS = Path(__file__).parent / "migrations"


def bootstrap(
    settings: Settings | None = None, *, blobs: BlobStore | None = None
) -> Service[Dependencies]:
    """The ledger service, built from `settings` (the environment's when not given)."""
    settings = settings or Settings()
    runtime = open_runtime(settings, blobs=blobs)
    witness = (
        WitnessClient(settings.witness_url, settings.witness_key, settings.witness_timeout_seconds)
        if settings.witness_url and settings.witness_key
        else None
    )
    lease = Lease(runtime.engine, "ledger.checkpoints")  # one replica signs at a time
    checkpointer = Checkpointer(
        runtime.sessions,
        runtime.transactions,
        load_signer(settings),
        settings.origin_host,
        settings.checkpoint_every_entries,
        settings.checkpoint_every_seconds,
        witness=witness,
        lease=lease,
    )
    deps = Dependencies(runtime=runtime, checkpointer=checkpointer)
    return Service(
        deps,
        MIGRATIONS,
        subscriptions=handlers.subscriptions(deps),
        routers=[api.router],
        background=[checkpointer.run],
        closers=[lease.release],
    )


def create_app(settings: Settings | None = None, *, blobs: BlobStore | None = None) -> FastAPI:
    """The ledger service's app."""
    return create_service_app(bootstrap(settings, blobs=blobs))
