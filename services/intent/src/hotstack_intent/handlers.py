"""Intent's consumer: read each uploaded brief and say what site it asks for."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import structlog

from hotstack_contracts import (
    Envelope,
    Intent,
    IntentExtracted,
    IntentFailed,
    SiteSpec,
    UploadReceived,
    new_id,
)
from hotstack_contracts.document import Document
from hotstack_libs.blobs import BlobNotFoundError, BlobStore
from hotstack_libs.bus import Subscription, Transaction
from hotstack_libs.documents import DocumentError, Kind, Sandbox
from hotstack_libs.http import Runtime

from .domain.extract import EXTRACTOR_NAME, extract
from .llm import LlmError, LlmExtractor
from .store import IntentRecord

SOURCE = "hotstack/intent"
log = structlog.get_logger()


class IntentHandlers:
    """Handlers with their dependencies."""

    def __init__(
        self,
        blobs: BlobStore,
        documents: Sandbox,
        llm: LlmExtractor | None = None,
    ) -> None:
        self.blobs = blobs
        self.documents = documents
        self.llm = llm

    async def _read(self, event: UploadReceived) -> Document:
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
        return await self.documents.read_document(kind, data)  # at most max_chars of text

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

    async def on_upload_received(self, envelope: Envelope[Any], tx: Transaction) -> None:
        """Extract intent and spec from the brief; a brief we cannot read fails with a reason."""
        event: UploadReceived = envelope.data
        intent_id = new_id("int")
        try:
            document = await self._read(event)
        except DocumentError as error:
            await self._fail(envelope, tx, intent_id, error.code, error.reason)
            return
        intent, spec, extractor = await self._extract(document, event.prompt, envelope.time.date())
        tx.session.add(
            IntentRecord(
                id=intent_id,
                upload_id=event.upload_id,
                tenant_id=envelope.tenantid,
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
                ),
                source=SOURCE,
                subject=intent_id,
            )
        )

    async def _fail(
        self, envelope: Envelope[Any], tx: Transaction, intent_id: str, code: str, reason: str
    ) -> None:
        upload_id = envelope.data.upload_id
        tx.session.add(
            IntentRecord(
                id=intent_id,
                upload_id=upload_id,
                tenant_id=envelope.tenantid,
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


def subscriptions_for(
    documents: Sandbox, llm: LlmExtractor | None
) -> Callable[[Runtime], Sequence[Subscription]]:
    """What the intent service consumes, handled with these readers."""

    def subscriptions(runtime: Runtime) -> Sequence[Subscription]:
        handlers = IntentHandlers(runtime.blobs, documents, llm)
        return [Subscription(UploadReceived.subject, handlers.on_upload_received)]

    return subscriptions
