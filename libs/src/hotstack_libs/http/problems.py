"""One error model for every service: RFC 9457 problem details.

Every 4xx and 5xx answer is `application/problem+json` with `type`, `title`, `status` and
`detail` (a sentence for a person); a request that fails validation adds `errors`, one per
failing field with where it is (`body.card_number`, `query.after`, `header.idempotency-key`)
and what is wrong. The OpenAPI document says so for every operation.
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

import asyncpg.exceptions as asyncpg_exc
import botocore.exceptions as botocore_exc
import nats.errors as nats_errors
import sqlalchemy.exc as sa_exc
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..logging import get_logger
from ..store.ratelimit import RateLimitedError

MEDIA_TYPE = "application/problem+json"
# The names RFC 9110 gives where older Pythons still use the earlier ones.
_RFC_9110_TITLES = {413: "Content Too Large", 422: "Unprocessable Content"}
log = get_logger(__name__)


class FieldError(BaseModel):
    """One failing field of a request."""

    field: str = Field(description='Where: "body.card_number", "query.after", ….')
    message: str = Field(description="What is wrong with it.")


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(default="about:blank", description="A URI for the kind of problem.")
    title: str = Field(description="The HTTP status phrase.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong, for a person.")
    errors: list[FieldError] | None = Field(
        default=None, description="The failing fields, when the request did not validate."
    )


def problem(status: int, detail: str, errors: Sequence[FieldError] | None = None) -> Problem:
    """The problem document for a status."""
    try:
        title = _RFC_9110_TITLES.get(status) or HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    return Problem(
        title=title, status=status, detail=detail, errors=list(errors) if errors else None
    )


def respond(value: Problem, headers: dict[str, str] | None = None) -> JSONResponse:
    """A problem as an HTTP response."""
    return JSONResponse(
        value.model_dump(exclude_none=True),
        status_code=value.status,
        media_type=MEDIA_TYPE,
        headers=headers,
    )


def too_many_requests(error: RateLimitedError) -> HTTPException:
    """429 with Retry-After, for a rate limit's refusal."""
    return HTTPException(429, str(error), headers={"Retry-After": str(error.retry_after)})


def served(description: str, *media_types: str) -> dict[str, Any]:
    """An OpenAPI response that is not JSON (a page, a stylesheet, a file)."""
    return {"description": description, "content": {media: {} for media in media_types}}


def _field(location: Sequence[int | str]) -> str:
    return ".".join(str(part) for part in location) or "request"


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    detail = error.detail if isinstance(error.detail, str) else HTTPStatus(error.status_code).phrase
    return respond(problem(error.status_code, detail), dict(error.headers or {}))


async def _invalid(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = [FieldError(field=_field(item["loc"]), message=item["msg"]) for item in error.errors()]
    shown = "; ".join(f"{e.field}: {e.message}" for e in errors[:3])
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return respond(problem(422, f"the request is not valid: {shown}{more}", errors))


RETRY_AFTER_SECONDS = 2
# What a dependency that cannot be reached right now raises: a socket that refuses or is
# gone, a connection dropped mid-query, a timeout, an S3 endpoint that does not answer.
_UNREACHABLE: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    botocore_exc.ConnectionError,
    nats_errors.NoServersError,
    nats_errors.ConnectionClosedError,
    asyncpg_exc.CannotConnectNowError,  # PostgreSQL recovering: "the database is starting up"
)


def unreachable(error: BaseException) -> bool:
    """True when `error` says a database, NATS or the blob store did not answer (or, as
    PostgreSQL says while it recovers, cannot take connections yet): the request may well
    succeed when tried again."""
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return True
    seen: BaseException | None = error
    for _ in range(8):  # the error, what the driver raised under it, and so on
        if seen is None:
            return False
        if isinstance(seen, _UNREACHABLE):
            return True
        seen = getattr(seen, "orig", None) or seen.__cause__
    return False


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    if unreachable(error):
        log.warning(
            "http.dependency_unreachable", error=type(error).__name__, path=request.url.path
        )
        return respond(
            problem(503, "a service this depends on did not answer; please try again shortly"),
            {"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    log.error("http.unhandled", error=type(error).__name__, path=request.url.path)
    return respond(problem(500, "something went wrong on our side; it has been logged"))


def install(app: FastAPI) -> None:
    """Answer every error of `app` as problem details, and document it in its OpenAPI."""
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(Exception, _unexpected)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, routes=app.routes, description=app.description
        )
        app.openapi_schema = document(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def document(schema: dict[str, Any]) -> dict[str, Any]:
    """An OpenAPI document whose error answers are problem details: FastAPI's validation
    error schema replaced, and every operation answering 4XX and 5XX with a problem."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    problem_schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(problem_schema.pop("$defs", {}))
    components["Problem"] = problem_schema
    content = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            if "422" in responses:  # FastAPI's own validation answer
                responses["422"] = {"description": "The request is not valid", "content": content}
            for code, answer in responses.items():
                # Any route may refuse with a problem, beside what it documents itself (a
                # site's own 404 page is HTML; an unknown site is a problem).
                if code[:1] in ("4", "5"):
                    answer.setdefault("content", {}).update(content)
            responses.setdefault(
                "4XX", {"description": "A problem with the request", "content": content}
            )
            responses.setdefault(
                "5XX", {"description": "A problem on our side", "content": content}
            )
    return schema
