"""Bearer tokens: tenant and scopes, and every way a token can be bad."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest

from hotstack_libs.auth import AuthError, mint_token, verify_token

pytestmark = pytest.mark.unit

SECRET = "a-test-secret-that-is-long-enough-0123456789"


def test_minted_token_verifies_with_tenant_and_scopes() -> None:
    principal = verify_token(SECRET, mint_token(SECRET, "acme", ["uploads:read"]))
    assert principal.tenant == "acme"
    assert principal.scopes == frozenset({"uploads:read"})
    principal.require("uploads:read")
    with pytest.raises(AuthError, match="uploads:write"):
        principal.require("uploads:write")


def test_expired_token_is_refused() -> None:
    token = mint_token(SECRET, "acme", ttl=timedelta(seconds=-5))
    with pytest.raises(AuthError, match="expired"):
        verify_token(SECRET, token)


def test_token_signed_with_another_secret_is_refused() -> None:
    token = mint_token("another-secret-entirely-0123456789-abcdef", "acme")
    with pytest.raises(AuthError, match="invalid token"):
        verify_token(SECRET, token)


def test_unsigned_token_is_refused() -> None:
    token = jwt.encode({"tenant": "acme", "scopes": [], "iss": "hotstack"}, "", algorithm="none")
    with pytest.raises(AuthError):
        verify_token(SECRET, token)


def test_token_without_tenant_claim_is_refused() -> None:
    token = jwt.encode({"iss": "hotstack", "exp": 4_000_000_000, "iat": 1}, SECRET, "HS256")
    with pytest.raises(AuthError):
        verify_token(SECRET, token)


def test_tenant_names_are_checked_when_minting() -> None:
    with pytest.raises(ValueError, match="tenant"):
        mint_token(SECRET, "../etc")
