"""Intent's consumers: each uploaded or revised brief is read for the site it asks for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hotstack_contracts import Envelope, UploadReceived, UploadRevised
from hotstack_libs.bus import Subscription, Transaction

from .deps import Dependencies
from .service import IntentReader


class IntentHandlers:
    """The event handlers, over one reader."""

    def __init__(self, reader: IntentReader) -> None:
        self.reader = reader

    async def on_upload_received(self, envelope: Envelope[UploadReceived], tx: Transaction) -> None:
        """Extract intent and spec from the brief; a brief we cannot read fails with a reason."""
        await self.reader.read_upload(envelope, tx, envelope.data.prompt, revision=0)

    async def on_upload_revised(self, envelope: Envelope[UploadRevised], tx: Transaction) -> None:
        """Read the upload again for a revision: its brief (new, or the one before) with
        everything the tenant asked so far, in order, so a later wish overrides an earlier
        one and what was not changed stays as it was asked."""
        event = envelope.data
        prompt = "\n\n".join([*event.earlier_prompts, event.prompt])
        await self.reader.read_upload(envelope, tx, prompt, revision=event.revision)


def subscriptions(deps: Dependencies) -> Sequence[Subscription[Any]]:
    """What the intent service consumes."""
    handlers = IntentHandlers(IntentReader(deps.blobs, deps.documents, deps.llm))
    return [
        Subscription(UploadReceived, handlers.on_upload_received),
        Subscription(UploadRevised, handlers.on_upload_revised),
    ]
