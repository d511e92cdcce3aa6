"""HS256 bearer tokens carrying a tenant and scopes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import jwt

from hotstack_contracts.envelope import TENANT_PATTERN

from .timeutil import utcnow

ISSUER = "hotstack"
SESSION_COOKIE = "hotstack_session"  # a person's signed-in session: the same token
ALGORITHM = "HS256"
TENANT_SCOPES = (
    "uploads:write",
    "uploads:read",
    "intents:read",
    "builds:read",
    "builds:write",
    "forms:read",
    "payments:read",
    "payments:write",
    "ledger:read",
    "webhooks:write",
    "webhooks:read",
    "notifications:read",
)
_TENANT = re.compile(TENANT_PATTERN)


class AuthError(Exception):
    """The token is missing, malformed, forged, expired or lacks a scope."""


@dataclass(frozen=True)
class Principal:
    """Who is calling: one tenant with some scopes."""

    tenant: str
    scopes: frozenset[str]
    email: str | None = None  # a person signed in by email; None for machines

    def require(self, scope: str) -> None:
        """Raise AuthError unless the token grants `scope`."""
        if scope not in self.scopes:
            raise AuthError(f"token lacks the {scope!r} scope")


def mint_token(
    secret: str,
    tenant: str,
    scopes: tuple[str, ...] | list[str] = TENANT_SCOPES,
    ttl: timedelta = timedelta(hours=12),
    email: str | None = None,
) -> str:
    """Sign a bearer token for `tenant` (for a person signed in by email, with it)."""
    if not _TENANT.match(tenant):
        raise ValueError(f"tenant must match {TENANT_PATTERN}")
    now = utcnow()
    claims = {
        "iss": ISSUER,
        "sub": tenant,
        "tenant": tenant,
        "scopes": sorted(set(scopes)),
        "iat": int(now.timestamp()),
        "exp": int((now + ttl).timestamp()),
    }
    if email is not None:
        claims["email"] = email
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def verify_token(secret: str, token: str) -> Principal:
    """Check signature, expiry, issuer and claims; return the principal."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": ["exp", "iat", "iss", "tenant", "scopes"]},
        )
    except jwt.ExpiredSignatureError as error:
        raise AuthError("token expired") from error
    except jwt.InvalidTokenError as error:
        raise AuthError(f"invalid token: {error}") from error
    tenant = claims.get("tenant")
    scopes = claims.get("scopes")
    if not isinstance(tenant, str) or not _TENANT.match(tenant):
        raise AuthError("invalid token: bad tenant claim")
    if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
        raise AuthError("invalid token: bad scopes claim")
    email = claims.get("email")
    return Principal(
        tenant=tenant, scopes=frozenset(scopes), email=email if isinstance(email, str) else None
    )
