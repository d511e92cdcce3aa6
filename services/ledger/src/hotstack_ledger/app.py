"""Composition root of the ledger service."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from hotstack_libs.blobs import BlobStore
from hotstack_libs.http import Runtime, create_service_app

from . import api, handlers
from .checkpoints import Checkpointer
from .settings import Settings
from .signing import load_signer
from .witness import WitnessClient

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: Settings | None = None, *, blobs: BlobStore | None = None) -> FastAPI:
    """Build the ledger service."""
    settings = settings or Settings()
    signer = load_signer(settings)

    async def sign_checkpoints(runtime: Runtime) -> None:
        await app.state.checkpointer.run()

    app = create_service_app(
        settings,
        migrations=MIGRATIONS,
        subscriptions=handlers.subscriptions,
        routers=[api.router],
        background=[sign_checkpoints],
        blobs=blobs,
    )
    app.state.checkpointer = Checkpointer(
        app.state.runtime.sessions,
        app.state.runtime.transactions,
        signer,
        settings.origin_host,
        settings.checkpoint_every_entries,
        settings.checkpoint_every_seconds,
        witness=(
            WitnessClient(
                settings.witness_url, settings.witness_key, settings.witness_timeout_seconds
            )
            if settings.witness_url and settings.witness_key
            else None
        ),
    )
    return app
