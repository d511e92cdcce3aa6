"""Tenant isolation for single-row lookups: another tenant's row is simply not found."""

from __future__ import annotations

from typing import Protocol, TypeVar

from fastapi import HTTPException, status


class TenantOwned(Protocol):
    """Any row that belongs to one tenant."""

    tenant_id: str


RowT = TypeVar("RowT", bound=TenantOwned)
T = TypeVar("T")


def owned(row: RowT | None, tenant: str, what: str) -> RowT:
    """`row` if it exists and belongs to `tenant`; otherwise 404 `<what> not found`."""
    if row is None or row.tenant_id != tenant:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"{what} not found")
    return row


def found(row: T | None, what: str) -> T:
    """`row` if a tenant-scoped lookup found it; otherwise 404 `<what> not found`."""
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"{what} not found")
    return row
