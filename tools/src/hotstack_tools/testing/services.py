"""Running one service in the test's process: settings, its app behind an ASGI client."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from hotstack_libs.auth import mint_token
from hotstack_libs.settings import DEV_AUTH_SECRET
from hotstack_upload.settings import Settings as UploadSettings

from .fakes import FakeBlobStore


@asynccontextmanager
async def running(
    service: str,
    database_url: str,
    nats_url: str,
    tmp_path: Path,
    blobs: Any = None,
    **dependencies: Any,
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """One service on `database_url` and `nats_url`, started, behind an ASGI client;
    `dependencies` go to its `create_app` (a mailer, a payment provider…)."""
    settings_module = importlib.import_module(f"hotstack_{service}.settings")
    app_module = importlib.import_module(f"hotstack_{service}.bootstrap")
    settings = settings_module.Settings(
        database_url=database_url,
        nats_url=nats_url,
        state_dir=tmp_path,
        environment="test",
    )
    app: FastAPI = app_module.create_app(settings, blobs=blobs or FakeBlobStore(), **dependencies)
    async with serving(app) as client:
        yield app, client


async def eventually(check: Callable[[], Any], within: float = 15.0) -> None:
    """Wait until `check()` is true, failing the test after `within` seconds."""
    deadline = asyncio.get_running_loop().time() + within
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, "condition not reached"
        await asyncio.sleep(0.1)


def auth(tenant: str) -> dict[str, str]:
    """Headers that authenticate as `tenant` with the development secret."""
    return {"Authorization": f"Bearer {mint_token(DEV_AUTH_SECRET, tenant)}"}


@asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """`app` started (its lifespan), behind an ASGI client."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            yield client


def upload_settings(
    database_url: str, nats_url: str, tmp_path: Path, **extra: Any
) -> UploadSettings:
    """Upload settings for a test: its store and NATS, and a rate limit out of the way."""
    values: dict[str, Any] = {
        "database_url": database_url,
        "nats_url": nats_url,
        "state_dir": tmp_path,
        "environment": "test",
        "rate_burst": 1000,
        **extra,
    }
    return UploadSettings(**values)
