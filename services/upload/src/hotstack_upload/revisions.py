"""Revisions: a tenant asks for changes to an upload's site with a new prompt, and perhaps
a new brief. The upload is read and built again (UploadRevised), with everything asked
before as context; before payment the open payment follows the new build, after it the
site is republished at the same address."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import select

from hotstack_contracts import Envelope, UploadRevised, new_id
from hotstack_libs.blobs import BlobStore
from hotstack_libs.bus import TransactionFactory
from hotstack_libs.timeutil import utcnow

from . import store
from .domain.briefs import checked_prompt
from .domain.status import Status
from .service import (
    SOURCE,
    IdempotencyConflictError,
    NewBrief,
    delete_pending,
    request_hash,
)

# What can be revised: a preview waiting for payment, or a live site.
OPEN_TO_REVISION = (Status.AWAITING_PAYMENT, Status.PUBLISHED)


class NotRevisableError(Exception):
    """The upload is not in a state a revision can start from; the message says why."""


class UploadNotFoundError(Exception):
    """No such upload for this tenant."""


@dataclass(frozen=True)
class Revised:
    """A revision and whether it was a replay of an earlier request."""

    revision: store.UploadRevision
    upload: store.UploadSession
    replayed: bool


async def _replay(
    transactions: TransactionFactory, upload_id: str, key: str, fingerprint: str
) -> Revised | None:
    async with transactions() as tx:
        earlier = (
            await tx.session.exec(
                select(store.UploadRevision).where(
                    store.UploadRevision.upload_id == upload_id,
                    store.UploadRevision.idempotency_key == key,
                )
            )
        ).first()
        if earlier is None:
            return None
        if earlier.request_hash != fingerprint:
            raise IdempotencyConflictError(
                "Idempotency-Key was already used with a different request"
            )
        upload = await tx.session.get(store.UploadSession, upload_id)
        assert upload is not None
        return Revised(earlier, upload, replayed=True)


async def revise_upload(
    transactions: TransactionFactory,
    blobs: BlobStore,
    *,
    tenant: str,
    upload_id: str,
    prompt: str,
    brief: NewBrief | None,
    idempotency_key: str | None,
    max_prompt_chars: int,
) -> Revised:
    """Record a revision and emit UploadRevised in one transaction (the new brief's bytes
    stored first, as an upload's are, and removed if the transaction does not commit)."""
    prompt = checked_prompt(prompt, max_prompt_chars, "say what to change")
    fingerprint = request_hash(
        brief.filename if brief else "", brief.sha256 if brief else "", prompt, None
    )
    async with transactions() as tx:
        if await store.find_session(tx.session, tenant, upload_id) is None:
            raise UploadNotFoundError(upload_id)
    if idempotency_key:
        earlier = await _replay(transactions, upload_id, idempotency_key, fingerprint)
        if earlier is not None:
            return earlier

    file_id = new_id("file") if brief else None
    blob_key = f"{tenant}/uploads/{upload_id}/briefs/{file_id}" if brief else None
    if brief and blob_key:
        async with transactions() as tx:
            tx.session.add(store.PendingBlob(blob_key=blob_key, tenant_id=tenant))
        await blobs.put_file(blob_key, brief.file.path, brief.content_type)
    try:
        async with transactions() as tx:
            upload = await store.lock_session(tx.session, tenant, upload_id)
            assert upload is not None
            if Status(upload.status) not in OPEN_TO_REVISION:
                raise NotRevisableError(
                    f"an upload that is {upload.status.replace('_', ' ')} cannot be revised: "
                    "revise it once its preview is ready or its site is live"
                )
            if brief and file_id and blob_key:
                file = store.StoredFile(
                    id=file_id,
                    tenant_id=tenant,
                    filename=brief.filename,
                    content_type=brief.content_type,
                    size_bytes=brief.size,
                    sha256=brief.sha256,
                    blob_key=blob_key,
                )
                tx.session.add(file)
                await tx.session.exec(
                    sa.delete(store.PendingBlob).where(store.PendingBlob.blob_key == blob_key)  # type: ignore[arg-type]
                )
            before = await store.revisions_of(tx.session, upload_id)
            if not (brief and file_id and blob_key):  # the brief read last time
                found = await tx.session.get(
                    store.StoredFile, before[-1].file_id if before else upload.file_id
                )
                assert found is not None
                file = found
            earlier_prompts = [upload.prompt, *(r.prompt for r in before)]
            upload.revision += 1
            upload.status = Status.REVISING.value
            upload.error = None
            upload.updated_at = utcnow()
            revision = store.UploadRevision(
                upload_id=upload_id,
                number=upload.revision,
                prompt=prompt,
                file_id=file.id,
                idempotency_key=idempotency_key,
                request_hash=fingerprint,
            )
            await tx.session.flush()
            tx.session.add(revision)
            tx.emit(
                Envelope.new(
                    UploadRevised(
                        upload_id=upload_id,
                        revision=upload.revision,
                        prompt=prompt,
                        earlier_prompts=earlier_prompts,
                        file_id=file.id,
                        filename=file.filename,
                        content_type=file.content_type,
                        size_bytes=file.size_bytes,
                        sha256=file.sha256,
                        blob_key=file.blob_key,
                    ),
                    source=SOURCE,
                    tenant=tenant,
                    correlation_id=upload_id,
                    subject=f"{upload_id}/revisions/{upload.revision}",
                )
            )
    except BaseException:
        if blob_key:  # nothing committed: the new brief would be an orphan
            await blobs.delete(blob_key)
            await delete_pending(transactions, blob_key)
        if idempotency_key:  # a concurrent request with the same key may have won
            earlier_request = await _replay(transactions, upload_id, idempotency_key, fingerprint)
            if earlier_request is not None:
                return earlier_request
        raise
    return Revised(revision, upload, replayed=False)
