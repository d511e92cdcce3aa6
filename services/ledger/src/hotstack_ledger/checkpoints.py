"""Signed checkpoints: every N entries or T seconds, never inconsistent with the last one."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_contracts import Envelope, LedgerCheckpointed
from hotstack_libs.bus import TransactionFactory
from hotstack_libs.logging import get_logger
from hotstack_libs.tasks import stop_if_cancelling
from hotstack_libs.timeutil import as_utc, utcnow

from . import store
from .chain import stored_entry
from .domain.chain import leaf_hash, verify_chain
from .domain.merkle import ProofError, consistency_proof, merkle_root, verify_consistency
from .domain.notes import Checkpoint, Signer

log = get_logger(__name__)
SOURCE = "hotstack/ledger"


class Checkpointer:
    """Signs tenants' tree heads."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        transactions: TransactionFactory,
        signer: Signer,
        origin_host: str,
        every_entries: int,
        every_seconds: float,
    ) -> None:
        self.sessions = sessions
        self.transactions = transactions
        self.signer = signer
        self.origin_host = origin_host
        self.every_entries = every_entries
        self.every_seconds = every_seconds

    def origin(self, tenant: str) -> str:
        """The log's origin line: `<host>/ledger/<tenant>`."""
        return f"{self.origin_host}/ledger/{tenant}"

    async def sign_head(self, tenant: str) -> store.LedgerCheckpoint | None:
        """Checkpoint the tenant's current tree if it grew; None when nothing new. Each new
        checkpoint is also published (`LedgerCheckpointed`, through the outbox with it), so
        tenants can keep it outside the server."""
        async with self.transactions() as tx:
            session = tx.session
            head = await store.lock_head(session, tenant)
            if head is None:
                return None
            latest = await store.latest_checkpoint(session, tenant)
            if latest is not None and latest.size >= head.size:
                return latest
            # From the entry bytes themselves, as /verify checks them (links, hashes and the
            # columns beside them), not from the stored hashes or subtrees: a signature
            # vouches for the entries as they are stored now, so a rewritten entry is
            # refused here. O(n), once per checkpoint.
            rows = await store.entries(session, tenant, limit=head.size)
            stored = [stored_entry(row) for row in rows]
            # Off the event loop: the consumers applying events share it.
            checked = await asyncio.to_thread(verify_chain, tenant, stored)
            if not checked.ok:
                raise ProofError(
                    f"entries of {tenant} do not verify at {checked.first_broken_seq}: "
                    f"{checked.reason}"
                )
            leaves = [leaf_hash(entry.entry) for entry in stored]
            root = merkle_root(leaves)
            if root.hex() != head.root or len(leaves) != head.size:
                raise ProofError(f"stored tree of {tenant} does not match its entries")
            if latest is not None:
                # Never sign a tree that does not extend what we signed before.
                verify_consistency(
                    latest.size,
                    head.size,
                    consistency_proof(leaves, latest.size),
                    bytes.fromhex(latest.root),
                    root,
                )
            note = self.signer.sign(Checkpoint(self.origin(tenant), head.size, root).text())
            checkpoint = store.LedgerCheckpoint(
                tenant_id=tenant, size=head.size, root=root.hex(), note=note
            )
            session.add(checkpoint)
            reference = f"{tenant}/checkpoint/{head.size}"
            tx.emit(
                Envelope.new(
                    LedgerCheckpointed(
                        origin=self.origin(tenant), size=head.size, root=root.hex(), note=note
                    ),
                    source=SOURCE,
                    tenant=tenant,
                    correlation_id=reference[:128],
                    subject=reference[:128],
                )
            )
        return checkpoint

    async def due(self) -> list[str]:
        """Tenants whose tree grew by N entries, or grew at all T seconds ago."""
        tenants = []
        async with self.sessions() as session:
            for head in await store.heads(session):
                latest = await store.latest_checkpoint(session, head.tenant_id)
                if latest is None:
                    tenants.append(head.tenant_id)
                    continue
                grown = head.size - latest.size
                age = utcnow() - as_utc(latest.created_at)
                if grown >= self.every_entries or (
                    grown > 0 and age >= timedelta(seconds=self.every_seconds)
                ):
                    tenants.append(head.tenant_id)
        return tenants

    async def run(self) -> None:
        """Sign due checkpoints until cancelled."""
        while True:
            try:
                for tenant in await self.due():
                    with contextlib.suppress(IntegrityError):  # a replica signed it first
                        await self.sign_head(tenant)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                stop_if_cancelling(error)
                log.error("checkpoint.failed", error=str(error))
            await asyncio.sleep(min(1.0, self.every_seconds))
