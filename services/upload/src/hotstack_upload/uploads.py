"""Commands of the upload service: accept a brief, and record what the pipeline did with it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
import structlog
from sqlmodel import select

from hotstack_contracts import (
    BuildCompleted,
    BuildFailed,
    Envelope,
    IntentExtracted,
    IntentFailed,
    PaymentFailed,
    PaymentRequested,
    PaymentSettled,
    SitePublished,
    UploadReceived,
    new_id,
)
from hotstack_libs.blobs import BlobStore
from hotstack_libs.bus import Transaction, TransactionFactory
from hotstack_libs.documents import DocumentError, Sandbox
from hotstack_libs.timeutil import utcnow

from . import store
from .domain.briefs import BriefRejectedError, checked_prompt, safe_filename
from .domain.status import Status, advance

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
    """A brief sent with a revision, checked."""

    filename: str
    content_type: str
    data: bytes
    sha256: str


async def check_brief(documents: Sandbox, filename: str | None, data: bytes) -> NewBrief:
    """A new brief, identified by parsing (as an upload's is), or BriefRejectedError."""
    name = safe_filename(filename)
    try:
        identified = await documents.identify(name, data)
    except DocumentError as error:
        raise BriefRejectedError(error.reason, error.status_code) from error
    return NewBrief(name, identified.kind.value, data, hashlib.sha256(data).hexdigest())


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


async def accept_upload(
    transactions: TransactionFactory,
    blobs: BlobStore,
    documents: Sandbox,
    *,
    tenant: str,
    filename: str | None,
    data: bytes,
    prompt: str,
    contact_email: str | None,
    idempotency_key: str | None,
    max_prompt_chars: int,
) -> Accepted:
    """Check the brief, store its bytes, and commit metadata with UploadReceived in one go.

    The blob key is recorded in `pending_blobs` before the bytes are put and removed in the
    transaction that commits the upload, so a crash in between leaves a row that the
    orphan sweeper (`sweep_orphans`) uses to delete the blob later.
    """
    prompt = checked_prompt(prompt, max_prompt_chars, "say what site you want")
    brief = await check_brief(documents, filename, data)
    name, content_type, sha256 = brief.filename, brief.content_type, brief.sha256
    fingerprint = request_hash(name, sha256, prompt, contact_email)
    if idempotency_key:
        earlier = await _replay(transactions, tenant, idempotency_key, fingerprint)
        if earlier is not None:
            return earlier

    upload_id = new_id("upl")
    file_id = new_id("file")
    blob_key = f"{tenant}/uploads/{upload_id}/original"
    async with transactions() as tx:
        tx.session.add(store.PendingBlob(blob_key=blob_key, tenant_id=tenant))
    try:
        await blobs.put(blob_key, data, content_type)
        async with transactions() as tx:
            file = store.StoredFile(
                id=file_id,
                tenant_id=tenant,
                filename=name,
                content_type=content_type,
                size_bytes=len(data),
                sha256=sha256,
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
                        size_bytes=len(data),
                        sha256=sha256,
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
        # Nothing was committed, so the blob would be an orphan: remove it now.
        await blobs.delete(blob_key)
        await delete_pending(transactions, blob_key)
        if idempotency_key:  # a concurrent request with the same key may have won
            earlier = await _replay(transactions, tenant, idempotency_key, fingerprint)
            if earlier is not None:
                return earlier
        raise
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


def _apply_payload(upload: store.UploadSession, data: Any) -> None:
    if isinstance(data, BuildCompleted):
        upload.preview_url = data.preview_url
    elif isinstance(data, PaymentRequested):
        upload.payment_id = data.payment_id
        upload.checkout_url = data.checkout_url
    elif isinstance(data, PaymentSettled):
        upload.payment_id = data.payment_id  # a revision's may be settled without asking
    elif isinstance(data, SitePublished):
        upload.site_url = data.site_url
    elif isinstance(data, IntentExtracted) and data.left_out:
        upload.notes = "\n".join(
            f"Picture {item.ref!r} is not on the site: {item.reason}" for item in data.left_out
        )
    elif isinstance(data, IntentFailed | BuildFailed | PaymentFailed):
        upload.error = data.reason


async def record_pipeline_event(envelope: Envelope[Any], tx: Transaction) -> None:
    """Add a downstream event to its upload's timeline and move the status on."""
    upload = await store.find_session(tx.session, envelope.tenantid, envelope.correlationid)
    if upload is None:
        return  # not one of ours (published by another system for an unknown upload)
    tx.session.add(
        store.UploadEvent(
            upload_id=upload.id, event_id=envelope.id, type=envelope.type, time=envelope.time
        )
    )
    status = advance(Status(upload.status), envelope.type)
    if status is Status.FAILED and upload.revision and upload.site_url:
        # A revision of a live site that could not finish (its brief unreadable, its extra
        # pages never paid for) leaves the site as it was: still published, with the reason.
        status = Status.PUBLISHED
    upload.status = status.value
    _apply_payload(upload, envelope.data)
    upload.updated_at = utcnow()
