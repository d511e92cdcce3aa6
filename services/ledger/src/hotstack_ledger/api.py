"""Ledger HTTP routes."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, status
from pydantic import BaseModel

from hotstack_libs.auth import Principal
from hotstack_libs.http import Runtime, authorize, get_runtime

from . import store
from .chain import verify_tenant

router = APIRouter(prefix="/api/ledger", tags=["ledger"])


class EntryView(BaseModel):
    """One chain entry; `entry_b64` is the exact hashed bytes."""

    seq: int
    event_id: str
    event_type: str
    previous_hash: str
    hash: str
    entry_b64: str


class EntriesPage(BaseModel):
    """A page of entries."""

    tenant: str
    entries: list[EntryView]
    next_after: int | None


class VerifyView(BaseModel):
    """Whether the chain holds, and where it breaks if not."""

    tenant: str
    ok: bool
    size: int
    root: str | None
    first_broken_seq: int | None
    reason: str | None


def _own(principal: Principal, tenant: str) -> None:
    if principal.tenant != tenant:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "ledger not found")


@router.get("/{tenant}/entries", response_model=EntriesPage)
async def list_entries(
    tenant: str,
    principal: Annotated[Principal, Depends(authorize("ledger:read"))],
    runtime: Annotated[Runtime, Depends(get_runtime)],
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> EntriesPage:
    """Entries after `after`, in order."""
    _own(principal, tenant)
    async with runtime.sessions() as session:
        rows = await store.entries(session, tenant, after=after, limit=limit)
    items = [
        EntryView(
            seq=r.seq,
            event_id=r.event_id,
            event_type=r.event_type,
            previous_hash=r.previous_hash,
            hash=r.hash,
            entry_b64=base64.b64encode(bytes(r.entry)).decode(),
        )
        for r in rows
    ]
    return EntriesPage(
        tenant=tenant, entries=items, next_after=items[-1].seq if len(items) == limit else None
    )


@router.get("/{tenant}/verify", response_model=VerifyView)
async def verify(
    tenant: str,
    principal: Annotated[Principal, Depends(authorize("ledger:read"))],
    runtime: Annotated[Runtime, Depends(get_runtime)],
) -> Any:
    """Recompute every link and the Merkle root; name the first broken entry."""
    _own(principal, tenant)
    async with runtime.sessions() as session:
        result = await verify_tenant(session, tenant)
    return VerifyView(
        tenant=tenant,
        ok=result.ok,
        size=result.size,
        root=result.root,
        first_broken_seq=result.first_broken_seq,
        reason=result.reason,
    )
