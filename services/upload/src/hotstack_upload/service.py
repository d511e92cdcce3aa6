"""Commands of the upload service: accept a brief, and sweep what never committed."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
import structlog
from sqlmodel import select

from hotstack_contracts import (
    Envelope,
    UploadReceived,
    new_id,
)
from hotstack_libs.blobs import BlobStore
from hotstack_libs.bus import TransactionFactory
from hotstack_libs.documents import DocumentError, Sandbox, identified_text_file, named_kind
from hotstack_libs.http.forms import UploadedFile, sweep_spool
from hotstack_libs.store import Lease
from hotstack_libs.store.ratelimit import Rate, take_token
from hotstack_libs.tasks import stop_if_cancelling
from hotstack_libs.timeutil import utcnow

from . import store
from .domain.briefs import BriefRejectedError, checked_prompt, safe_filename

SOURCE = "hotstack/upload"
log = structlog.get_logger()


class IdempotencyConflictError(Exception):
    """The Idempotency-Key was used before with a different request."""


@dataclass(frozen=True)
class Accepted:
    """The outcome of an upload: the session, and whether it was a replay."""

    upload: store.UploadSession
    file: store.StoredFile
    replayed: bool


def request_hash(filename: str, file_sha256: str, prompt: str, contact_email: str | None) -> str:
    """Fingerprint of an upload request, to compare reuses of one Idempotency-Key."""
    digest = hashlib.sha256()
    for part in (
        filename.encode(),
        bytes.fromhex(file_sha256),  # the same bytes as before: stored fingerprints still match
        prompt.encode(),
        (contact_email or "").encode(),
    ):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


@dataclass(frozen=True)
class NewBrief:
    """A brief as sent, checked: its safe name, its confirmed type and its spooled file."""

    filename: str
    content_type: str
    file: UploadedFile

    @property
    def sha256(self) -> str:
        """SHA-256 of its bytes, hex."""
        return self.file.sha256

    @property
    def size(self) -> int:
        """Its length in bytes."""
        return self.file.size


async def check_brief(documents: Sandbox, file: UploadedFile) -> NewBrief:
    """A new brief, identified by parsing (the document sandbox reads the spooled file
    itself), or BriefRejectedError."""
    name = safe_filename(file.filename)
    try:
        # Markdown and plain text that read as UTF-8 need no parser (a thread reads the
        # spooled file through); the rest is parsed in the sandbox.
        identified = await asyncio.to_thread(
            identified_text_file, name, file.path
        ) or await documents.identify(name, file.path)
    except DocumentError as error:
        raise BriefRejectedError(error.reason, error.status_code) from error
    return NewBrief(name, identified.kind.value, file)


async def _replay(
    transactions: TransactionFactory, tenant: str, key: str, fingerprint: str
) -> Accepted | None:
    async with transactions() as tx:
        earlier = await store.find_by_idempotency_key(tx.session, tenant, key)
        if earlier is None:
            return None
        if earlier.request_hash != fingerprint:
            raise IdempotencyConflictError(
                "Idempotency-Key was already used with a different request"
            )
        file = await tx.session.get(store.StoredFile, earlier.file_id)
        assert file is not None
        return Accepted(earlier, file, replayed=True)


async def delete_pending(transactions: TransactionFactory, blob_key: str) -> None:
    async with transactions() as tx:
        await tx.session.exec(
            sa.delete(store.PendingBlob).where(store.PendingBlob.blob_key == blob_key)  # type: ignore[arg-type]
        )


def original_key(tenant: str, upload_id: str) -> str:
    """The blob key of an upload's first brief."""
    return f"{tenant}/uploads/{upload_id}/original"


@dataclass
class Reservation:
    """What an upload will be once its body has arrived: its id, and the key its brief is
    stored under, recorded as pending in the transaction that spent its rate-limit token.
    `committed` turns True with the upload's own commit."""

    tenant: str
    upload_id: str
    recording: asyncio.Future[None]  # the commit of the token and the pending row
    committed: bool = False

    @property
    def blob_key(self) -> str:
        """Where the brief is stored."""
        return original_key(self.tenant, self.upload_id)

    async def recorded(self) -> None:
        """Wait until the pending row is durable: before anything is stored under the key."""
        await asyncio.shield(self.recording)


async def reserve_upload(transactions: TransactionFactory, tenant: str, rate: Rate) -> Reservation:
    """Spend one of the tenant's upload tokens (RateLimitedError when none is left) and
    record the key the brief will be stored under in `pending_blobs`, in one transaction,
    before the body is read (`released_unless_committed` then holds it).

    The answer comes once the token is spent; the commit goes on while the body arrives,
    and `Reservation.recorded` waits for it before the brief is stored.
    """
    upload_id = new_id("upl")
    blob_key = original_key(tenant, upload_id)
    decided = asyncio.get_running_loop().create_future()

    async def record() -> None:
        async with transactions() as tx:
            try:
                await take_token(
                    tx.session, store.RateBucket, "tenant_id", tenant, rate, what="uploads"
                )
                tx.session.add(store.PendingBlob(blob_key=blob_key, tenant_id=tenant))
                await tx.session.flush()
            except BaseException as error:
                decided.set_exception(error)
                raise
            decided.set_result(None)

    recording = asyncio.ensure_future(record())
    try:
        await decided
    except BaseException:
        await asyncio.gather(recording, return_exceptions=True)
        raise
    return Reservation(tenant, upload_id, recording)


@asynccontextmanager
async def released_unless_committed(
    reservation: Reservation, transactions: TransactionFactory, blobs: BlobStore
) -> AsyncIterator[Reservation]:
    """The block in which the reserved upload is to commit. If it ends without (a bad form,
    a refused brief, a replay, a failure), the blob, if stored, and its pending row are
    removed; should that fail too, the orphan sweeper (`sweep_orphans`) removes them later."""
    try:
        yield reservation
    finally:
        if not reservation.committed:
            await asyncio.gather(reservation.recording, return_exceptions=True)
            try:
                await blobs.delete(reservation.blob_key)
                await delete_pending(transactions, reservation.blob_key)
            except Exception as error:  # the sweeper will: the row stays until the blob goes
                stop_if_cancelling(error)
                log.warning(
                    "upload.release_failed", blob_key=reservation.blob_key, error=str(error)
                )


async def accept_upload(
    transactions: TransactionFactory,
    blobs: BlobStore,
    documents: Sandbox,
    reservation: Reservation,
    *,
    brief: UploadedFile,
    prompt: str,
    contact_email: str | None,
    idempotency_key: str | None,
    max_prompt_chars: int,
) -> Accepted:
    """Check the brief, store its bytes, and commit metadata with UploadReceived in one go.

    The blob key was recorded as pending with the `reservation`, before the bytes are put,
    and the row is removed in the transaction that commits the upload, so a crash in
    between leaves a row that the orphan sweeper (`sweep_orphans`) uses to delete the blob
    later. The brief's type is confirmed while its bytes go to the blob store; a brief
    refused then is deleted again when the reservation ends.
    """
    tenant, upload_id, blob_key = reservation.tenant, reservation.upload_id, reservation.blob_key
    prompt = checked_prompt(prompt, max_prompt_chars, "say what site you want")
    name = safe_filename(brief.filename)
    try:
        named = named_kind(name)  # refused before anything is stored
    except DocumentError as error:
        raise BriefRejectedError(error.reason, error.status_code) from error
    fingerprint = request_hash(name, brief.sha256, prompt, contact_email)
    if idempotency_key:
        earlier = await _replay(transactions, tenant, idempotency_key, fingerprint)
        if earlier is not None:
            return earlier

    file_id = new_id("file")
    await reservation.recorded()
    try:
        # Both at once: the sandbox's child reads the spooled file while the store takes it.
        identifying = asyncio.ensure_future(check_brief(documents, brief))
        try:
            await blobs.put_file(blob_key, brief.path, named.value)
        finally:
            checked = await identifying
        content_type = checked.content_type
        async with transactions() as tx:
            file = store.StoredFile(
                id=file_id,
                tenant_id=tenant,
                filename=name,
                content_type=content_type,
                size_bytes=brief.size,
                sha256=brief.sha256,
                blob_key=blob_key,
            )
            upload = store.UploadSession(
                id=upload_id,
                tenant_id=tenant,
                file_id=file_id,
                prompt=prompt,
                contact_email=contact_email,
                idempotency_key=idempotency_key,
                request_hash=fingerprint,
            )
            tx.session.add(file)
            await tx.session.flush()
            tx.session.add(upload)
            await tx.session.exec(
                sa.delete(store.PendingBlob).where(store.PendingBlob.blob_key == blob_key)  # type: ignore[arg-type]
            )
            tx.emit(
                Envelope.new(
                    UploadReceived(
                        upload_id=upload_id,
                        file_id=file_id,
                        filename=name,
                        content_type=content_type,
                        size_bytes=brief.size,
                        sha256=brief.sha256,
                        blob_key=blob_key,
                        prompt=prompt,
                        contact_email=contact_email,
                    ),
                    source=SOURCE,
                    tenant=tenant,
                    correlation_id=upload_id,
                    subject=upload_id,
                )
            )
    except BaseException:
        # Nothing was committed: the reservation removes the blob when it ends.
        if idempotency_key:  # a concurrent request with the same key may have won
            earlier = await _replay(transactions, tenant, idempotency_key, fingerprint)
            if earlier is not None:
                return earlier
        raise
    reservation.committed = True
    return Accepted(upload, file, replayed=False)


async def sweep_orphans(
    transactions: TransactionFactory, blobs: BlobStore, grace: timedelta, limit: int = 500
) -> int:
    """Delete blobs whose upload never committed (older than `grace`); returns how many."""
    cutoff = utcnow() - grace
    async with transactions() as tx:
        stale = list(
            (
                await tx.session.exec(
                    select(store.PendingBlob)
                    .where(store.PendingBlob.created_at < cutoff)
                    .order_by(store.PendingBlob.created_at)  # type: ignore[arg-type]
                    .limit(limit)
                )
            ).all()
        )
    for pending in stale:
        await blobs.delete(pending.blob_key)
        await delete_pending(transactions, pending.blob_key)
        log.info("upload.orphan_removed", blob_key=pending.blob_key, tenant=pending.tenant_id)
    return len(stale)


async def keep_sweeping(
    transactions: TransactionFactory,
    blobs: BlobStore,
    grace: timedelta,
    every_seconds: float,
    spool_dir: Path,
    lease: Lease | None = None,
) -> None:
    """Sweep orphaned blobs (on the replica holding `lease`, if given), and files spooled
    by this replica's requests that never ended, every `every_seconds`, until cancelled."""
    while True:
        try:
            if lease is None or await lease.held():
                await sweep_orphans(transactions, blobs, grace)
            await asyncio.to_thread(sweep_spool, spool_dir, grace.total_seconds())
        except Exception as error:  # the store or blob store is down: try next round
            stop_if_cancelling(error)
            log.warning("upload.orphan_sweep_failed", error=str(error))
        await asyncio.sleep(every_seconds)
