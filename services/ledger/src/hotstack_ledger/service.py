"""Appending events to tenants' chains in batches, and verifying a chain."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_contracts import Envelope, Event, LedgerCheckpointed
from hotstack_libs.bus import Transaction
from hotstack_libs.timeutil import utcnow

from . import store
from .domain.audit import StoredCheckpoint, StoredHead, audit_tree
from .domain.chain import (
    GENESIS_HASH,
    StoredEntry,
    Verification,
    entry_bytes,
    leaf_hash,
    verify_chain,
)
from .domain.merkle import (
    EMPTY_ROOT,
    STORED_FROM_LEVEL,
    frontier_append,
    frontier_root,
)
from .domain.notes import Verifier


async def _locked_head(session: AsyncSession, tenant: str) -> store.LedgerHead:
    head = await store.lock_head(session, tenant)
    if head is None:
        # A tenant's first event: a racing replica's insert fails on the primary key,
        # its transaction rolls back and the batch is retried against this head.
        head = store.LedgerHead(
            tenant_id=tenant, size=0, head_hash=GENESIS_HASH, root=EMPTY_ROOT.hex()
        )
        session.add(head)
        await session.flush()
    return head


async def append_events(envelopes: Sequence[Envelope[Event]], tx: Transaction) -> None:
    """Append events to their tenants' chains: in order, never forked, never twice."""
    session = tx.session
    chained = await store.existing_event_ids(session, [e.id for e in envelopes])
    by_tenant: dict[str, list[Envelope[Event]]] = defaultdict(list)
    for envelope in envelopes:
        # Its own checkpoints are about the chain, not in it: chaining them would grow the
        # tree and call for another checkpoint, for ever.
        if envelope.id not in chained and envelope.type != LedgerCheckpointed.subject:
            chained.add(envelope.id)
            by_tenant[envelope.tenant].append(envelope)
    for tenant in sorted(by_tenant):  # one lock order across replicas: no deadlocks
        head = await _locked_head(session, tenant)
        frontier = head.frontier_hashes
        previous, size = head.head_hash, head.size
        rows: list[dict[str, Any]] = []
        nodes: list[dict[str, Any]] = []
        for envelope in by_tenant[tenant]:
            created_at = utcnow()
            entry = entry_bytes(
                tenant_id=tenant,
                seq=size + 1,
                event_id=envelope.id,
                event_type=envelope.type,
                payload=envelope.model_dump(mode="json"),
                created_at=created_at,
                previous_hash=previous,
            )
            leaf = leaf_hash(entry)
            rows.append(
                {
                    "tenant_id": tenant,
                    "seq": size + 1,
                    "event_id": envelope.id,
                    "event_type": envelope.type,
                    "entry": entry,
                    "previous_hash": previous,
                    "hash": leaf.hex(),
                    "created_at": created_at,
                }
            )
            frontier, completed = frontier_append(frontier, size, leaf)
            nodes += (
                {"tenant_id": tenant, "position": store.node_position(level, index), "hash": value}
                for level, index, value in completed
                if level >= STORED_FROM_LEVEL
            )
            previous, size = leaf.hex(), size + 1
        # One multi-row insert per table, tenant and batch (the ORM's per-object flush is
        # the slowest part otherwise).
        await session.execute(sa.insert(store.LedgerEntry), rows)
        if nodes:
            await session.execute(sa.insert(store.LedgerNode), nodes)
        head.size, head.head_hash = size, previous
        head.frontier_hashes = frontier
        head.root = frontier_root(frontier).hex()


def stored_entry(row: store.LedgerEntry) -> StoredEntry:
    """A row as the verifier checks it: the bytes, the hash and every column beside them."""
    columns = (
        ("event_id", row.event_id),
        ("event_type", row.event_type),
        ("previous_hash", row.previous_hash),
    )
    return StoredEntry(row.seq, bytes(row.entry), row.hash, columns)


async def verify_tenant(
    session: AsyncSession,
    tenant: str,
    verifier: Verifier,
    origin: str,
    witness: Verifier | None = None,
) -> Verification:
    """Recheck a tenant's chain from the stored bytes, then everything stored beside it (tree
    head, subtrees, signed checkpoints) against those bytes. O(n), off the event loop."""
    rows = await store.entries(session, tenant)
    stored = [stored_entry(row) for row in rows]
    chain = await asyncio.to_thread(verify_chain, tenant, stored)
    if not chain.ok:
        return chain
    head = await store.head(session, tenant)
    nodes = await store.all_nodes(session, tenant)
    signed = [
        StoredCheckpoint(checkpoint.size, checkpoint.root, checkpoint.note, checkpoint.cosignatures)
        for checkpoint in await store.checkpoints(session, tenant)
    ]
    return await asyncio.to_thread(
        audit_tree,
        chain,
        [bytes.fromhex(entry.hash) for entry in stored],  # verified: the recomputed leaves
        StoredHead(head.size, head.head_hash, head.frontier_hashes, head.root) if head else None,
        nodes,
        signed,
        verifier,
        origin,
        witness,
    )
