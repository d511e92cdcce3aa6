"""FastAPI dependency: the caller's Principal, with a required scope.

Machines send `Authorization: Bearer <token>`. A person signed in by email carries the same
kind of token in the `hotstack_session` cookie (HttpOnly, SameSite=Lax); a request that
changes something on the strength of that cookie must come from a page of the same origin
(`Sec-Fetch-Site: same-origin`, or a matching `Origin`), so another site cannot make a
signed-in browser act for it."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import HTTPException, Request, status

from ..auth import SESSION_COOKIE, AuthError, Principal, verify_token
from .service import get_runtime

_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


def _same_origin(request: Request) -> bool:
    """Whether the browser says the request comes from a page of this origin."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    return origin is not None and origin == str(request.base_url).rstrip("/")


def authorize(scope: str) -> Callable[[Request], Principal]:
    """Dependency factory: the caller's principal, which must hold `scope`."""

    def dependency(request: Request) -> Principal:
        header = request.headers.get("authorization", "")
        kind, _, token = header.partition(" ")
        if kind.lower() != "bearer" or not token:
            token = request.cookies.get(SESSION_COOKIE, "")
            if not token:
                raise HTTPException(
                    status.HTTP_401_UNAUTHORIZED,
                    "missing bearer token (Authorization: Bearer <token>)",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            if request.method not in _SAFE and not _same_origin(request):
                raise HTTPException(
                    status.HTTP_403_FORBIDDEN, "a signed-in request from another site is refused"
                )
        secret = get_runtime(request).settings.auth_secret.get_secret_value()
        try:
            principal = verify_token(secret, token.strip())
        except AuthError as error:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                str(error),
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            ) from error
        try:
            principal.require(scope)
        except AuthError as error:
            raise HTTPException(status.HTTP_403_FORBIDDEN, str(error)) from error
        return principal

    return dependency
