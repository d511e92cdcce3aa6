"""Ledger HTTP routes: entries, verification, checkpoints, proofs and the export bundle."""

from __future__ import annotations

import base64
import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel

from hotstack_contracts import MAX_SAFE_INTEGER
from hotstack_libs.auth import Principal

from . import proofs, store
from .deps import Dependencies, Deps, LedgerReader
from .domain.bundle import BUNDLE_FORMAT
from .domain.chain import leaf_hash
from .domain.merkle import ProofError

router = APIRouter(prefix="/api/ledger", tags=["ledger"])


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


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


class CheckpointView(BaseModel):
    """The latest signed checkpoint; `note` carries the witness's cosignature when it gave
    one (`witness_key` verifies it)."""

    tenant: str
    size: int
    root: str
    note: str
    verifier_key: str
    witness_key: str | None
    cosigned: bool


class InclusionView(BaseModel):
    """Proof that entry `seq` is in the tree of `size` entries (base64 hashes)."""

    seq: int
    size: int
    leaf_hash: str
    root: str
    proof: list[str]


class ConsistencyView(BaseModel):
    """Proof that the tree of `second` entries extends the tree of `first` (base64 hashes)."""

    first: int
    second: int
    first_root: str
    second_root: str
    proof: list[str]


def _own(principal: Principal, tenant: str) -> None:
    if principal.tenant != tenant:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "ledger not found")


async def _size(deps: Dependencies, tenant: str) -> int:
    async with deps.sessions() as session:
        head = await store.head(session, tenant)
    return head.size if head else 0


def _entry_view(row: store.LedgerEntry) -> EntryView:
    """An entry as served: what describes it is read from its hashed bytes, never from the
    columns kept beside them for queries (which /verify compares with the bytes)."""
    raw = bytes(row.entry)
    body = json.loads(raw)
    return EntryView(
        seq=row.seq,
        event_id=str(body.get("event_id", "")),
        event_type=str(body.get("event_type", "")),
        previous_hash=str(body.get("previous_hash", "")),
        hash=leaf_hash(raw).hex(),
        entry_b64=_b64(raw),
    )


@router.get("/{tenant}/entries", response_model=EntriesPage)
async def list_entries(
    tenant: str,
    principal: LedgerReader,
    deps: Deps,
    after: Annotated[int, Query(ge=0, le=MAX_SAFE_INTEGER)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> EntriesPage:
    """Entries after `after`, in order."""
    _own(principal, tenant)
    async with deps.sessions() as session:
        rows = await store.entries(session, tenant, after=after, limit=limit)
    items = [_entry_view(r) for r in rows]
    next_after = items[-1].seq if len(items) == limit else None
    return EntriesPage(tenant=tenant, entries=items, next_after=next_after)


@router.get("/{tenant}/verify", response_model=VerifyView)
async def verify(tenant: str, principal: LedgerReader, deps: Deps) -> Any:
    """Recompute every link and the Merkle root from the stored bytes, and check the tree
    head, stored subtrees and signed checkpoints against them; name the first break."""
    _own(principal, tenant)
    async with deps.sessions() as session:
        result = await deps.checkpointer.audit(session, tenant)
    return VerifyView(
        tenant=tenant,
        ok=result.ok,
        size=result.size,
        root=result.root,
        first_broken_seq=result.first_broken_seq,
        reason=result.reason,
    )


async def _fresh_checkpoint(deps: Dependencies, tenant: str) -> store.LedgerCheckpoint:
    try:
        checkpoint = await deps.checkpointer.checkpoint(tenant)
    except ProofError as error:
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"refusing to sign: the stored log does not verify ({error})"
        ) from error
    if checkpoint is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "this ledger has no entries yet")
    return checkpoint


@router.get("/{tenant}/checkpoint", response_model=CheckpointView)
async def checkpoint(tenant: str, principal: LedgerReader, deps: Deps) -> CheckpointView:
    """A signed checkpoint covering every entry so far (C2SP tlog-checkpoint, signed note)."""
    _own(principal, tenant)
    latest = await _fresh_checkpoint(deps, tenant)
    checkpointer = deps.checkpointer
    return CheckpointView(
        tenant=tenant,
        size=latest.size,
        root=latest.root,
        note=latest.note + latest.cosignatures,
        verifier_key=checkpointer.signer.verifier_key,
        witness_key=checkpointer.witness.key if checkpointer.witness else None,
        cosigned=bool(latest.cosignatures),
    )


@router.get("/{tenant}/proof/inclusion", response_model=InclusionView)
async def prove_inclusion(
    tenant: str,
    principal: LedgerReader,
    deps: Deps,
    seq: Annotated[int, Query(ge=1, le=MAX_SAFE_INTEGER)],
    size: Annotated[int | None, Query(ge=1, le=MAX_SAFE_INTEGER)] = None,
) -> InclusionView:
    """Inclusion proof of entry `seq` in the tree of `size` entries (default: all)."""
    _own(principal, tenant)
    current = await _size(deps, tenant)
    size = size or current
    if not seq <= size <= current:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"need 1 <= seq <= size <= {current}"
        )
    async with deps.sessions() as session:
        proved = await proofs.prove_inclusion(session, tenant, seq - 1, size)
    return InclusionView(
        seq=seq,
        size=size,
        leaf_hash=_b64(proved.leaf),
        root=_b64(proved.root),
        proof=[_b64(node) for node in proved.proof],
    )


@router.get("/{tenant}/proof/consistency", response_model=ConsistencyView)
async def prove_consistency(
    tenant: str,
    principal: LedgerReader,
    deps: Deps,
    first: Annotated[int, Query(ge=1, le=MAX_SAFE_INTEGER)],
    second: Annotated[int | None, Query(ge=1, le=MAX_SAFE_INTEGER)] = None,
) -> ConsistencyView:
    """Consistency proof between the trees of `first` and `second` entries."""
    _own(principal, tenant)
    current = await _size(deps, tenant)
    second = second or current
    if not first <= second <= current:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"need 1 <= first <= second <= {current}"
        )
    async with deps.sessions() as session:
        proved = await proofs.prove_consistency(session, tenant, first, second)
    return ConsistencyView(
        first=first,
        second=second,
        first_root=_b64(proved.first_root),
        second_root=_b64(proved.second_root),
        proof=[_b64(node) for node in proved.proof],
    )


@router.get("/{tenant}/export")
async def export(tenant: str, principal: LedgerReader, deps: Deps) -> Any:
    """Everything an offline verifier needs: entries, a signed checkpoint, the public key."""
    _own(principal, tenant)
    latest = await _fresh_checkpoint(deps, tenant)
    async with deps.sessions() as session:
        rows = await store.entries(session, tenant, limit=latest.size)
    checkpointer = deps.checkpointer
    return {
        "format": BUNDLE_FORMAT,
        "tenant": tenant,
        "origin": checkpointer.origin(tenant),
        "verifier_key": checkpointer.signer.verifier_key,
        "witness_key": checkpointer.witness.key if checkpointer.witness else None,
        "checkpoint": latest.note + latest.cosignatures,
        "entries": [
            {"seq": r.seq, "entry_b64": _b64(bytes(r.entry)), "hash": r.hash} for r in rows
        ],
    }
