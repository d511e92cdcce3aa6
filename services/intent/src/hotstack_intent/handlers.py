"""Intent's consumer: read each uploaded brief and say what site it asks for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hotstack_contracts import (
    Envelope,
    IntentExtracted,
    IntentFailed,
    UploadReceived,
    new_id,
)
from hotstack_libs.blobs import BlobNotFoundError, BlobStore
from hotstack_libs.bus import Subscription, Transaction
from hotstack_libs.http import Runtime

from .domain.extract import EXTRACTOR_NAME, extract
from .domain.text import UnreadableBriefError, extract_text
from .settings import Settings
from .store import IntentRecord

SOURCE = "hotstack/intent"


class IntentHandlers:
    """Handlers with their dependencies."""

    def __init__(self, blobs: BlobStore, settings: Settings) -> None:
        self.blobs = blobs
        self.settings = settings

    async def on_upload_received(self, envelope: Envelope[Any], tx: Transaction) -> None:
        """Extract intent and spec from the brief; a brief we cannot read fails with a reason."""
        event: UploadReceived = envelope.data
        intent_id = new_id("int")
        try:
            data = await self.blobs.get(event.blob_key)
        except BlobNotFoundError:
            await self._fail(envelope, tx, intent_id, "missing_file", "the uploaded file is gone")
            return
        try:
            text = extract_text(data, event.content_type, self.settings.max_text_chars)
        except UnreadableBriefError as error:
            await self._fail(envelope, tx, intent_id, error.code, error.reason)
            return
        intent, spec = extract(text, event.prompt)
        tx.session.add(
            IntentRecord(
                id=intent_id,
                upload_id=event.upload_id,
                tenant_id=envelope.tenantid,
                status="extracted",
                extractor=EXTRACTOR_NAME,
                intent_json=intent.model_dump_json(),
                spec_json=spec.model_dump_json(),
            )
        )
        tx.emit(
            envelope.caused(
                IntentExtracted(
                    upload_id=event.upload_id,
                    intent_id=intent_id,
                    extractor=EXTRACTOR_NAME,
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


def subscriptions(runtime: Runtime) -> Sequence[Subscription]:
    """What the intent service consumes."""
    settings = runtime.settings
    assert isinstance(settings, Settings)
    handlers = IntentHandlers(runtime.blobs, settings)
    return [Subscription(UploadReceived.subject, handlers.on_upload_received)]
