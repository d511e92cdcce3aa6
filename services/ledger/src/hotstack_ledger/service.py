"""Appending events to tenants' chains in batches, and verifying a chain."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

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
from .domain.merkle import STORED_FROM_LEVEL, frontier_push
from .domain.notes import Verifier


async def append_events(envelopes: Sequence[Envelope[Event]], tx: Transaction) -> None:
    """Append events to their tenants' chains: in order, never forked, never twice.

    A batch is a handful of statements whatever its size: the look-up of its events among
    those chained, the heads locked at once, then one multi-row insert per table and one
    write of the heads.
    """
    chained = await store.existing_event_ids(tx.session, [e.id for e in envelopes])
    batch: list[Envelope[Event]] = []
    for envelope in envelopes:
        # Its own checkpoints are about the chain, not in it: chaining them would grow the
        # tree and call for another checkpoint, for ever.
        if envelope.id not in chained and envelope.type != LedgerCheckpointed.subject:
            chained.add(envelope.id)
            batch.append(envelope)
    await _chain(tx.session, batch)


async def _chain(session: AsyncSession, envelopes: list[Envelope[Event]]) -> None:
    """Chain these events (none chained before) after their tenants' heads."""
    by_tenant: dict[str, list[Envelope[Event]]] = defaultdict(list)
    for envelope in envelopes:
        by_tenant[envelope.tenant].append(envelope)
    if not by_tenant:
        return
    tenants = sorted(by_tenant)
    locked = await store.lock_heads(session, tenants)
    created_at = utcnow()  # one time per batch: its entries are appended in one transaction
    rows: list[dict[str, Any]] = []
    nodes: list[dict[str, Any]] = []
    heads: dict[str, store.Head] = {}
    for tenant in tenants:
        head = locked.get(tenant) or store.Head(0, GENESIS_HASH, [], stored=False)
        frontier, previous, size = list(head.frontier), head.head_hash, head.size
        for envelope in by_tenant[tenant]:
            size += 1
            entry = entry_bytes(
                tenant_id=tenant,
                seq=size,
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
                    "seq": size,
                    "event_id": envelope.id,
                    "event_type": envelope.type,
                    "entry": entry,
                    "previous_hash": previous,
                    "hash": (previous := leaf.hex()),
                    "created_at": created_at,
                }
            )
            for level, index, value in frontier_push(frontier, size - 1, leaf):
                if level >= STORED_FROM_LEVEL:
                    position = store.node_position(level, index)
                    nodes.append({"tenant_id": tenant, "position": position, "hash": value})
        heads[tenant] = store.Head(size, previous, frontier, stored=head.stored)
    await store.write_appends(session, rows, nodes, heads)


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
