"""Commands of the upload service: accept a brief, and record what the pipeline did with it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from hotstack_contracts import (
    BuildCompleted,
    BuildFailed,
    Envelope,
    IntentFailed,
    PaymentFailed,
    PaymentRequested,
    SitePublished,
    UploadReceived,
    new_id,
)
from hotstack_libs.blobs import BlobStore
from hotstack_libs.bus import Transaction, TransactionFactory
from hotstack_libs.timeutil import utcnow

from . import store
from .domain.briefs import BriefRejectedError, read_brief, safe_filename
from .domain.status import Status, advance

SOURCE = "hotstack/upload"


class IdempotencyConflictError(Exception):
    """The Idempotency-Key was used before with a different request."""


@dataclass(frozen=True)
class Accepted:
    """The outcome of an upload: the session, and whether it was a replay."""

    upload: store.UploadSession
    file: store.StoredFile
    replayed: bool


def request_hash(filename: str, data: bytes, prompt: str, contact_email: str | None) -> str:
    """Fingerprint of an upload request, to compare reuses of one Idempotency-Key."""
    digest = hashlib.sha256()
    for part in (
        filename.encode(),
        hashlib.sha256(data).digest(),
        prompt.encode(),
        (contact_email or "").encode(),
    ):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


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


async def accept_upload(
    transactions: TransactionFactory,
    blobs: BlobStore,
    *,
    tenant: str,
    filename: str | None,
    data: bytes,
    prompt: str,
    contact_email: str | None,
    idempotency_key: str | None,
    max_prompt_chars: int,
) -> Accepted:
    """Check the brief, store its bytes, and commit metadata with UploadReceived in one go."""
    name = safe_filename(filename)
    prompt = prompt.strip()
    if not prompt:
        raise BriefRejectedError("prompt is empty: say what site you want")
    if len(prompt) > max_prompt_chars:
        raise BriefRejectedError(f"prompt is longer than {max_prompt_chars} characters")
    brief = read_brief(name, data)
    fingerprint = request_hash(name, data, prompt, contact_email)
    if idempotency_key:
        earlier = await _replay(transactions, tenant, idempotency_key, fingerprint)
        if earlier is not None:
            return earlier

    upload_id = new_id("upl")
    file_id = new_id("file")
    sha256 = hashlib.sha256(data).hexdigest()
    blob_key = f"{tenant}/uploads/{upload_id}/original"
    await blobs.put(blob_key, data, brief.content_type)
    try:
        async with transactions() as tx:
            file = store.StoredFile(
                id=file_id,
                tenant_id=tenant,
                filename=name,
                content_type=brief.content_type,
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
            tx.emit(
                Envelope.new(
                    UploadReceived(
                        upload_id=upload_id,
                        file_id=file_id,
                        filename=name,
                        content_type=brief.content_type,
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
        # No row committed, so the blob would be an orphan: remove it.
        await blobs.delete(blob_key)
        if idempotency_key:  # a concurrent request with the same key may have won
            earlier = await _replay(transactions, tenant, idempotency_key, fingerprint)
            if earlier is not None:
                return earlier
        raise
    return Accepted(upload, file, replayed=False)


def _apply_payload(upload: store.UploadSession, data: Any) -> None:
    if isinstance(data, BuildCompleted):
        upload.preview_url = data.preview_url
    elif isinstance(data, PaymentRequested):
        upload.payment_id = data.payment_id
        upload.checkout_url = data.checkout_url
    elif isinstance(data, SitePublished):
        upload.site_url = data.site_url
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
    upload.status = advance(Status(upload.status), envelope.type).value
    _apply_payload(upload, envelope.data)
    upload.updated_at = utcnow()
