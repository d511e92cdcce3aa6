"""Every error is RFC 9457 problem details, and the OpenAPI document says so."""

from __future__ import annotations

from typing import Annotated

import asyncpg.exceptions
import botocore.exceptions as botocore_exc
import httpx
import pytest
import sqlalchemy.exc as sa_exc
from fastapi import FastAPI, HTTPException, Query
from pydantic import BaseModel

from hotstack_libs.http import problems
from hotstack_libs.http.app import once_reachable

pytestmark = pytest.mark.unit


class Card(BaseModel):
    number: str
    cvc: int


def app() -> FastAPI:
    application = FastAPI(title="t", version="1")
    problems.install(application)

    @application.post("/pay")
    async def pay(card: Card, after: Annotated[int, Query(le=10)] = 0) -> dict[str, str]:
        if card.number == "0":
            raise HTTPException(402, "the card was declined", headers={"X-Reason": "declined"})
        return {"ok": "yes"}

    @application.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals")

    @application.get("/store/{how}")
    async def store(how: str) -> None:
        if how == "socket":  # asyncpg's unix socket, gone while PostgreSQL restarts
            raise FileNotFoundError(2, "No such file or directory", "/tmp/.s.PGSQL.5432")
        if how == "dropped":
            raise sa_exc.DBAPIError(
                "SELECT 1", {}, Exception("closed"), connection_invalidated=True
            )
        if how == "s3":
            raise botocore_exc.EndpointConnectionError(endpoint_url="http://s3")
        raise sa_exc.IntegrityError("INSERT", {}, Exception("duplicate key"))

    return application


async def call(method: str, path: str, **kwargs: object) -> httpx.Response:
    transport = httpx.ASGITransport(app=app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.request(method, path, **kwargs)  # type: ignore[arg-type]


async def test_an_http_error_is_a_problem_with_its_headers() -> None:
    response = await call("POST", "/pay", json={"number": "0", "cvc": 1})
    assert response.status_code == 402
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-reason"] == "declined"
    assert response.json() == {
        "type": "about:blank",
        "title": "Payment Required",
        "status": 402,
        "detail": "the card was declined",
    }


async def test_a_request_that_does_not_validate_names_each_field() -> None:
    response = await call("POST", "/pay?after=99", json={"number": "1", "cvc": "x"})
    body = response.json()
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert body["title"] == "Unprocessable Content"
    assert {e["field"] for e in body["errors"]} == {"body.cvc", "query.after"}
    assert body["detail"].startswith("the request is not valid: ")


async def test_an_unexpected_error_is_a_500_problem_that_tells_nothing_inside() -> None:
    response = await call("GET", "/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "secret" not in response.text
    assert response.json()["status"] == 500


@pytest.mark.parametrize("how", ["socket", "dropped", "s3"])
async def test_a_dependency_that_does_not_answer_is_a_503_to_retry(how: str) -> None:
    response = await call("GET", f"/store/{how}")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == str(problems.RETRY_AFTER_SECONDS)
    assert "tmp" not in response.text
    assert "try again" in response.json()["detail"]


async def test_a_store_error_that_is_not_an_outage_stays_a_500() -> None:
    response = await call("GET", "/store/constraint")
    assert response.status_code == 500
    assert "duplicate" not in response.text


async def test_a_route_that_does_not_exist_is_a_404_problem() -> None:
    response = await call("GET", "/nowhere")
    assert (response.status_code, response.headers["content-type"]) == (
        404,
        "application/problem+json",
    )


def test_the_openapi_document_describes_problems_not_fastapi_errors() -> None:
    schema = app().openapi()
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    assert "Problem" in schema["components"]["schemas"]
    operation = schema["paths"]["/pay"]["post"]
    invalid = operation["responses"]["422"]["content"]
    assert invalid == {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
    }
    assert "4XX" in operation["responses"]
    assert "5XX" in operation["responses"]


async def test_postgres_starting_up_is_unreachable_through_the_driver_wrapping() -> None:
    starting = asyncpg.exceptions.CannotConnectNowError("the database system is starting up")
    wrapped = sa_exc.DBAPIError("SELECT 1", {}, starting)
    assert problems.unreachable(wrapped)
    assert not problems.unreachable(sa_exc.DBAPIError("SELECT 1", {}, ValueError("no")))


async def test_a_start_up_step_waits_for_its_dependency_and_stops_on_anything_else() -> None:
    calls: list[int] = []

    async def migrate() -> None:
        calls.append(1)
        if len(calls) < 3:
            raise FileNotFoundError(2, "No such file or directory", "/tmp/.s.PGSQL.5432")

    await once_reachable("database", migrate)
    assert len(calls) == 3

    async def broken() -> None:
        calls.append(1)
        raise ValueError("a migration that does not apply")

    with pytest.raises(ValueError, match="does not apply"):
        await once_reachable("database", broken)
    assert len(calls) == 4  # not retried
