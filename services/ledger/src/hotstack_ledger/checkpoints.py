"""Signed checkpoints: every N entries or T seconds, only over a store that verifies from its
bytes, each co-signed by a witness when one is configured."""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_contracts import Envelope, LedgerCheckpointed
from hotstack_libs.bus import TransactionFactory
from hotstack_libs.logging import get_logger
from hotstack_libs.store import Lease
from hotstack_libs.tasks import IdleBackoff, stop_if_cancelling, woken
from hotstack_libs.timeutil import as_utc, utcnow

from . import proofs, store
from .domain.chain import Verification
from .domain.merkle import ProofError
from .domain.notes import Checkpoint, NoteError, Signer, Verifier
from .service import verify_tenant
from .witness import WitnessClient, WitnessRefusedError, WitnessSawOtherError

log = get_logger(__name__)
SOURCE = "hotstack/ledger"
WITNESS_RETRY_SECONDS = 30.0
IDLE_SECONDS = 60.0  # the longest the checkpoint loop waits with nothing appended


class Checkpointer:
    """Signs tenants' tree heads, and has a witness co-sign them."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        transactions: TransactionFactory,
        signer: Signer,
        origin_host: str,
        every_entries: int,
        every_seconds: float,
        witness: WitnessClient | None = None,
        lease: Lease | None = None,
    ) -> None:
        self.sessions = sessions
        self.transactions = transactions
        self.signer = signer
        self.verifier = Verifier.parse(signer.verifier_key)
        self.origin_host = origin_host
        self.every_entries = every_entries
        self.every_seconds = every_seconds
        self.witness = witness
        self.lease = lease  # None: this process alone signs
        self._witness_failed: dict[str, float] = {}  # tenant → when it last failed
        self._appended = asyncio.Event()

    def wake(self) -> None:
        """Entries were appended: look for due checkpoints now (and soon again)."""
        self._appended.set()

    def origin(self, tenant: str) -> str:
        """The log's origin line: `<host>/ledger/<tenant>`."""
        return f"{self.origin_host}/ledger/{tenant}"

    async def audit(self, session: AsyncSession, tenant: str) -> Verification:
        """The whole stored log of a tenant checked from its entries' bytes (see /verify)."""
        witness = self.witness.verifier if self.witness else None
        return await verify_tenant(session, tenant, self.verifier, self.origin(tenant), witness)

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
                self._check_signed(tenant, latest)
                return latest
            # The whole store from the entry bytes, as /verify checks it (links, hashes, the
            # columns beside them, head, subtrees, earlier checkpoints), never from stored
            # hashes alone: a signature vouches for the entries as they are stored now, so a
            # rewritten entry is refused here, and the new tree extends every earlier
            # checkpoint because each one's root was recomputed from these same leaves.
            checked = await self.audit(session, tenant)
            if not checked.ok:
                where = f" at {checked.first_broken_seq}" if checked.first_broken_seq else ""
                raise ProofError(f"log of {tenant} does not verify{where}: {checked.reason}")
            root = bytes.fromhex(head.root)
            note = self.signer.sign(Checkpoint(self.origin(tenant), head.size, root).text())
            checkpoint = store.LedgerCheckpoint(
                tenant_id=tenant, size=head.size, root=head.root, note=note
            )
            session.add(checkpoint)
            reference = f"{tenant}/checkpoint/{head.size}"
            tx.emit(
                Envelope.new(
                    LedgerCheckpointed(
                        origin=self.origin(tenant), size=head.size, root=head.root, note=note
                    ),
                    source=SOURCE,
                    tenant=tenant,
                    correlation_id=reference[:128],
                    subject=reference[:128],
                )
            )
        return checkpoint

    def _check_signed(self, tenant: str, checkpoint: store.LedgerCheckpoint) -> None:
        """A stored checkpoint is served only if its note is ours and says what its row says."""
        try:
            signed = Checkpoint.parse(self.verifier.open(checkpoint.note))
        except NoteError as error:
            raise ProofError(f"checkpoint {checkpoint.size} does not open: {error}") from error
        if (signed.origin, signed.size, signed.root.hex()) != (
            self.origin(tenant),
            checkpoint.size,
            checkpoint.root,
        ):
            raise ProofError(f"checkpoint {checkpoint.size}: its columns differ from its note")

    async def cosign(self, checkpoint: store.LedgerCheckpoint) -> store.LedgerCheckpoint:
        """Have the witness co-sign a checkpoint, proving it extends the last one the witness
        co-signed; keep its lines. A refusal is logged loudly (a witness that will not co-sign
        has seen another history) and the checkpoint is served with the log's signature only."""
        if self.witness is None or checkpoint.cosignatures:
            return checkpoint
        tenant, size = checkpoint.tenant_id, checkpoint.size
        try:
            async with self.sessions() as session:
                old = await store.last_cosigned_size(session, tenant, size)
            try:
                lines = await self._ask(tenant, checkpoint.note, old, size)
            except WitnessSawOtherError as other:
                if other.size > size:
                    raise WitnessRefusedError(
                        409, f"it co-signed size {other.size} already"
                    ) from other
                lines = await self._ask(tenant, checkpoint.note, other.size, size)
        except (WitnessRefusedError, LookupError) as refused:
            self._witness_failed[tenant] = time.monotonic()
            status = getattr(refused, "status", 0)
            event = "ledger.witness_unreachable" if status == 0 else "ledger.witness_refused"
            log.error(event, tenant=tenant, size=size, status=status, reason=str(refused))
            return checkpoint
        self._witness_failed.pop(tenant, None)
        async with self.sessions() as session:
            await session.exec(
                sa.update(store.LedgerCheckpoint)
                .where(
                    store.LedgerCheckpoint.tenant_id == tenant,  # type: ignore[arg-type]
                    store.LedgerCheckpoint.size == size,  # type: ignore[arg-type]
                )
                .values(cosignatures=lines)
            )
            await session.commit()
        checkpoint.cosignatures = lines
        log.info("ledger.cosigned", tenant=tenant, size=size)
        return checkpoint

    async def _ask(self, tenant: str, note: str, old: int, size: int) -> str:
        assert self.witness is not None
        proof: list[bytes] = []
        if 0 < old < size:
            async with self.sessions() as session:
                proof = (await proofs.prove_consistency(session, tenant, old, size)).proof
        return await self.witness.cosign(note, old, proof)

    async def checkpoint(self, tenant: str) -> store.LedgerCheckpoint | None:
        """A checkpoint of everything so far, co-signed when a witness is configured."""
        checkpoint = await self.sign_head(tenant)
        return await self.cosign(checkpoint) if checkpoint is not None else None

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

    async def uncosigned(self) -> list[store.LedgerCheckpoint]:
        """Latest checkpoints the witness has not co-signed yet, except those it just failed."""
        if self.witness is None:
            return []
        now = time.monotonic()
        async with self.sessions() as session:
            found = await store.latest_uncosigned(session)
        return [
            checkpoint
            for checkpoint in found
            if now - self._witness_failed.get(checkpoint.tenant_id, -WITNESS_RETRY_SECONDS)
            >= WITNESS_RETRY_SECONDS
        ]

    async def run(self) -> None:
        """Sign due checkpoints, and have them co-signed, until cancelled. Appends wake the
        loop; at rest it looks less and less often, down to once a minute."""
        idle = IdleBackoff(min(1.0, self.every_seconds), IDLE_SECONDS)
        while True:
            self._appended.clear()
            worked = False
            try:
                # Not leading: another replica signs; look again later, in case it is gone.
                if self.lease is None or await self.lease.held():
                    worked = await self.sign_and_cosign()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                stop_if_cancelling(error)
                log.error("checkpoint.failed", error=str(error))
                worked = True  # try again soon
            if await woken(self._appended, idle.after(worked)):
                # Entries arrived: look again after the usual short wait, so a burst of
                # appends is checkpointed once, not at its first entry.
                idle.reset()
                await asyncio.sleep(idle.base)

    async def sign_and_cosign(self) -> bool:
        """One pass: sign each due checkpoint, have the uncosigned co-signed; True if there
        was any."""
        worked = False
        for tenant in await self.due():
            worked = True
            with contextlib.suppress(IntegrityError):  # a replica signed it first
                await self.sign_head(tenant)
        for checkpoint in await self.uncosigned():
            worked = True
            await self.cosign(checkpoint)
        return worked
