"""Read an uploaded brief and say what site it asks for: an intent, or a reason it cannot."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import date
from typing import Protocol

import structlog

from hotstack_contracts import (
    Envelope,
    Intent,
    IntentExtracted,
    IntentFailed,
    LeftOut,
    Rendition,
    SiteSpec,
    UploadReceived,
    UploadRevised,
    new_id,
)
from hotstack_contracts.document import Document
from hotstack_libs.blobs import BlobNotFoundError, BlobStore
from hotstack_libs.bus import Transaction
from hotstack_libs.documents import Brief, DocumentError, Encoded, Kind, Picture

from .domain.extract import EXTRACTOR_NAME, extract
from .domain.pictures import with_pictures
from .llm import LlmError, LlmExtractor
from .store import IntentRecord

SOURCE = "hotstack/intent"
log = structlog.get_logger()


class Documents(Protocol):
    """What reading a brief needs of the document sandbox."""

    async def read_brief(self, kind: Kind, data: bytes) -> Brief:
        """The brief's document and embedded pictures."""
        ...

    async def prepare_picture(self, ref: str, data: bytes) -> Picture:
        """One picture re-encoded for the web."""
        ...


class IntentReader:
    """Reads briefs with the document sandbox and the rules (or a model, if configured)."""

    def __init__(
        self,
        blobs: BlobStore,
        documents: Documents,
        llm: LlmExtractor | None = None,
    ) -> None:
        self.blobs = blobs
        self.documents = documents
        self.llm = llm

    async def _read(self, event: UploadReceived | UploadRevised) -> Brief:
        try:
            kind = Kind(event.content_type)
        except ValueError:
            raise DocumentError(
                "unsupported", f"briefs of type {event.content_type} cannot be read", 415
            ) from None
        try:
            data = await self.blobs.get(event.blob_key)
        except BlobNotFoundError:
            raise DocumentError("missing_file", "the uploaded file is gone") from None
        return await self.documents.read_brief(kind, data)  # at most max_chars of text

    async def _pictures(
        self, brief: Brief, prefix: str
    ) -> tuple[dict[str, list[Rendition]], list[LeftOut]]:
        """Each embedded picture re-encoded in the sandbox (one child each) and stored under
        `prefix`, named by content so a redelivered event writes the same files; a picture
        the sandbox refuses is left out with its reason, never failing the brief."""
        left_out = [LeftOut(ref=ref, reason=reason) for ref, reason in brief.left_out]
        prepared = await asyncio.gather(
            *(self.documents.prepare_picture(ref, data) for ref, data in brief.pictures),
            return_exceptions=True,
        )
        renditions: dict[str, list[Rendition]] = {}
        for (ref, _), picture in zip(brief.pictures, prepared, strict=True):
            if isinstance(picture, DocumentError):
                left_out.append(LeftOut(ref=ref, reason=picture.reason))
                continue
            if not isinstance(picture, Picture):
                raise picture  # not the picture's fault: the event is retried
            renditions[ref] = [await self._store(prefix, file) for file in picture.files]
        for item in left_out:
            log.info("intent.picture_left_out", ref=item.ref, reason=item.reason)
        return renditions, left_out

    async def _store(self, prefix: str, file: Encoded) -> Rendition:
        extension = file.media_type.removeprefix("image/")
        key = f"{prefix}/{hashlib.sha256(file.data).hexdigest()[:32]}.{extension}"
        await self.blobs.put(key, file.data, file.media_type)
        return Rendition(key=key, media_type=file.media_type, width=file.width, height=file.height)

    async def _extract(
        self, document: Document, prompt: str, today: date | None = None
    ) -> tuple[Intent, SiteSpec, str]:
        if self.llm is not None:
            try:
                intent, spec = await self.llm.extract(document.markdown(), prompt)
                return intent, spec, self.llm.name
            except LlmError as error:
                log.warning("intent.llm_fallback", reason=str(error), extractor=EXTRACTOR_NAME)
        intent, spec = extract(document, prompt, today)
        return intent, spec, EXTRACTOR_NAME

    async def read_upload(
        self,
        envelope: Envelope[UploadReceived] | Envelope[UploadRevised],
        tx: Transaction,
        prompt: str,
        revision: int,
    ) -> None:
        """Record the intent read from the upload's brief with `prompt`, and emit it; a
        brief that cannot be read records and emits the failure with its reason."""
        event = envelope.data
        intent_id = new_id("int")
        try:
            brief = await self._read(event)
        except DocumentError as error:
            await self._fail(envelope, tx, intent_id, error.code, error.reason, revision)
            return
        prefix = f"{envelope.tenant}/uploads/{event.upload_id}/pictures"
        renditions, left_out = await self._pictures(brief, prefix)
        intent, spec, extractor = await self._extract(brief.document, prompt, envelope.time.date())
        spec = with_pictures(spec, renditions)
        tx.session.add(
            IntentRecord(
                id=intent_id,
                upload_id=event.upload_id,
                revision=revision,
                tenant_id=envelope.tenant,
                status="extracted",
                extractor=extractor,
                intent_json=intent.model_dump_json(),
                spec_json=spec.model_dump_json(),
            )
        )
        tx.emit(
            envelope.caused(
                IntentExtracted(
                    upload_id=event.upload_id,
                    intent_id=intent_id,
                    extractor=extractor,
                    intent=intent,
                    spec=spec,
                    left_out=left_out,
                    revision=revision,
                ),
                source=SOURCE,
                subject=intent_id,
            )
        )

    async def _fail(
        self,
        envelope: Envelope[UploadReceived] | Envelope[UploadRevised],
        tx: Transaction,
        intent_id: str,
        code: str,
        reason: str,
        revision: int,
    ) -> None:
        upload_id = envelope.data.upload_id
        tx.session.add(
            IntentRecord(
                id=intent_id,
                upload_id=upload_id,
                revision=revision,
                tenant_id=envelope.tenant,
                status="failed",
                failure_code=code,
                failure_reason=reason,
            )
        )
        tx.emit(
            envelope.caused(
                IntentFailed(upload_id=upload_id, code=code, reason=reason),
                source=SOURCE,
                subject=intent_id,
            )
        )
