"""`/health/live`, `/health/ready` (naming what failed) and `/metrics`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from ..store import ping_database
from .runtime import Runtime
from .service import get_runtime

CHECK_TIMEOUT_SECONDS = 2.0

router = APIRouter(tags=["health"])


async def _nats(runtime: Runtime[Any]) -> None:
    connection = runtime.broker._connection
    if not runtime.broker_ready or connection is None or not connection.is_connected:
        raise ConnectionError("not connected")


async def _database(runtime: Runtime[Any]) -> None:
    await ping_database(runtime.engine)


async def _blobs(runtime: Runtime[Any]) -> None:
    await runtime.blobs.ping()


CHECKS: dict[str, Callable[[Runtime[Any]], Awaitable[None]]] = {
    "nats": _nats,
    "database": _database,
    "blobs": _blobs,
}


@router.get("/health/live")
async def live() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get(
    "/health/ready",
    response_model=None,
    responses={503: {"description": "Not ready: `failing` names what does not answer"}},
)
async def ready(request: Request) -> JSONResponse:
    """200 when broker, store and blob store answer; 503 naming the ones that do not."""
    runtime = get_runtime(request)

    async def run(check: Callable[[Runtime[Any]], Awaitable[None]]) -> str:
        try:
            await asyncio.wait_for(check(runtime), CHECK_TIMEOUT_SECONDS)
        except Exception as error:
            return f"down: {type(error).__name__}: {error}"[:200]
        return "ok"

    results = await asyncio.gather(*(run(check) for check in CHECKS.values()))
    checks = dict(zip(CHECKS, results, strict=True))
    failing = [name for name, result in checks.items() if result != "ok"]
    body = {
        "status": "ok" if not failing else "unavailable",
        "service": runtime.settings.service_name,
        "failing": failing,
        "checks": checks,
    }
    return JSONResponse(body, status_code=503 if failing else 200)


@router.get("/metrics", response_class=PlainTextResponse)
async def metrics() -> Response:
    """Prometheus exposition."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
