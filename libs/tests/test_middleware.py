"""Every request answers its correlation id and is counted under its route's template."""

from __future__ import annotations

import httpx
import pytest
import structlog
from fastapi import FastAPI

from hotstack_libs.http.middleware import CorrelateAndMeasure
from hotstack_libs.metrics import HTTP_REQUESTS

pytestmark = pytest.mark.unit


def app() -> FastAPI:
    application = FastAPI()
    application.add_middleware(CorrelateAndMeasure, service="probe-test")

    @application.get("/things/{thing}")
    async def thing(thing: str) -> dict[str, object]:
        return {"thing": thing, "logged_with": structlog.contextvars.get_contextvars()}

    @application.get("/broken")
    async def broken() -> None:
        raise RuntimeError("boom")

    return application


def count(route: str, status: str) -> float:
    value: float = HTTP_REQUESTS.labels("probe-test", route, status)._value.get()
    return value


async def test_the_correlation_id_is_answered_logged_and_the_request_counted_by_route() -> None:
    before = count("/things/{thing}", "200")
    transport = httpx.ASGITransport(app=app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        given = await client.get("/things/a", headers={"X-Correlation-Id": "req-given"})
        fresh = await client.get("/things/b")
        failed = await client.get("/broken")
    assert given.headers["x-correlation-id"] == "req-given"
    assert given.json()["logged_with"] == {"correlationid": "req-given"}
    assert fresh.headers["x-correlation-id"].startswith("req_")
    assert count("/things/{thing}", "200") == before + 2  # one label for every thing
    assert failed.status_code == 500
    assert count("/broken", "500") >= 1
    assert structlog.contextvars.get_contextvars() == {}  # nothing left bound after
