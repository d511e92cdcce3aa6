"""Appending events to a tenant's chain, and verifying it."""

from __future__ import annotations

from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_contracts import Envelope
from hotstack_libs.bus import Transaction
from hotstack_libs.timeutil import utcnow

from . import store
from .domain.chain import (
    GENESIS_HASH,
    StoredEntry,
    Verification,
    entry_bytes,
    leaf_hash,
    verify_chain,
)


async def append_event(envelope: Envelope[Any], tx: Transaction) -> None:
    """Append one event to its tenant's chain: never a fork, never twice."""
    session = tx.session
    tenant = envelope.tenantid
    duplicate = await session.exec(
        select(store.LedgerEntry.seq).where(store.LedgerEntry.event_id == envelope.id)
    )
    if duplicate.first() is not None:
        return
    head = await store.lock_head(session, tenant)
    if head is None:
        # First event of the tenant: a racing replica's insert fails on the primary key.
        head = store.LedgerHead(tenant_id=tenant, size=0, head_hash=GENESIS_HASH)
        session.add(head)
        await session.flush()
    seq = head.size + 1
    created_at = utcnow()
    entry = entry_bytes(
        tenant_id=tenant,
        seq=seq,
        event_id=envelope.id,
        event_type=envelope.type,
        payload=envelope.model_dump(mode="json"),
        created_at=created_at,
        previous_hash=head.head_hash,
    )
    digest = leaf_hash(entry).hex()
    session.add(
        store.LedgerEntry(
            tenant_id=tenant,
            seq=seq,
            event_id=envelope.id,
            event_type=envelope.type,
            entry=entry,
            previous_hash=head.head_hash,
            hash=digest,
            created_at=created_at,
        )
    )
    head.size = seq
    head.head_hash = digest


async def verify_tenant(session: AsyncSession, tenant: str) -> Verification:
    """Recheck a tenant's whole chain from the stored bytes."""
    rows = await store.entries(session, tenant)
    return verify_chain(tenant, (StoredEntry(r.seq, bytes(r.entry), r.hash) for r in rows))
