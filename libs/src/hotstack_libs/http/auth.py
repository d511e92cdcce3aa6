"""FastAPI dependency: `Authorization: Bearer <token>` → Principal with a required scope."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import HTTPException, Request, status

from ..auth import AuthError, Principal, verify_token
from .runtime import get_runtime


def authorize(scope: str) -> Callable[[Request], Principal]:
    """Dependency factory: the caller's principal, which must hold `scope`."""

    def dependency(request: Request) -> Principal:
        header = request.headers.get("authorization", "")
        kind, _, token = header.partition(" ")
        if kind.lower() != "bearer" or not token:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "missing bearer token (Authorization: Bearer <token>)",
                headers={"WWW-Authenticate": "Bearer"},
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
