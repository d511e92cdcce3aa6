"""Intent's handlers, on an in-memory unit of work: a brief read into an intent, or a reason."""

from __future__ import annotations

import pytest
from sqlmodel import select

from hotstack_contracts import IntentExtracted, IntentFailed, UploadRevised
from hotstack_intent.handlers import IntentHandlers
from hotstack_intent.service import IntentReader
from hotstack_intent.store import IntentRecord
from hotstack_libs.bus import Subscription
from hotstack_tools.testing.factories import upload_received
from hotstack_tools.testing.fakes import FakeBlobStore, InProcessDocuments
from hotstack_tools.testing.uow import memory_store

pytestmark = pytest.mark.unit

BRIEF = b"""# Harbour Bakery

Sourdough and pastries baked before dawn on the harbour front in Whitby.

Open Tuesday to Sunday, 7am to 3pm.

Call us on 01947 600 123 or write to hello@harbourbakery.co.uk.
"""


def handlers(blobs: FakeBlobStore) -> IntentHandlers:
    return IntentHandlers(IntentReader(blobs, InProcessDocuments(), llm=None))


async def test_a_readable_brief_becomes_one_recorded_and_emitted_intent() -> None:
    blobs = FakeBlobStore()
    received = upload_received("acme")
    await blobs.put(received.data.blob_key, BRIEF, "text/markdown")
    on_received = Subscription(type(received.data), handlers(blobs).on_upload_received)
    async with memory_store() as transactions:
        assert await transactions.deliver(on_received, received)

        [extracted] = transactions.of_type(IntentExtracted)
        assert extracted.causationid == received.id
        assert extracted.data.intent.business_name == "Harbour Bakery"
        assert extracted.data.extractor == "rules"
        assert "hello@harbourbakery.co.uk" in extracted.data.intent.contact.emails
        async with transactions() as tx:
            [record] = (await tx.session.exec(select(IntentRecord))).all()
        assert (record.id, record.status, record.revision) == (
            extracted.data.intent_id,
            "extracted",
            0,
        )


async def test_a_brief_that_is_gone_or_of_an_unknown_type_fails_with_its_reason() -> None:
    gone = upload_received("acme")
    unknown = upload_received("acme")
    unknown = unknown.model_copy(
        update={"data": unknown.data.model_copy(update={"content_type": "image/x-icon"})}
    )
    blobs = FakeBlobStore()
    await blobs.put(unknown.data.blob_key, BRIEF, "text/markdown")
    on_received = Subscription(type(gone.data), handlers(blobs).on_upload_received)
    async with memory_store() as transactions:
        await transactions.deliver(on_received, gone)
        await transactions.deliver(on_received, unknown)

        codes = [(e.correlationid, e.data.code) for e in transactions.of_type(IntentFailed)]
        assert codes == [
            (gone.correlationid, "missing_file"),
            (unknown.correlationid, "unsupported"),
        ]
        assert transactions.of_type(IntentExtracted) == []
        async with transactions() as tx:
            failed = (await tx.session.exec(select(IntentRecord.failure_code))).all()
        assert sorted(failed) == ["missing_file", "unsupported"]  # type: ignore[type-var]


async def test_a_revision_is_read_again_and_recorded_as_that_revision() -> None:
    blobs = FakeBlobStore()
    received = upload_received("acme")
    await blobs.put(received.data.blob_key, BRIEF, "text/markdown")
    upload = received.data
    revised = received.caused(
        UploadRevised(
            upload_id=upload.upload_id,
            revision=2,
            prompt="Call the business Whitby Harbour Bakery",
            earlier_prompts=[upload.prompt, "Make it warm and friendly"],
            file_id=upload.file_id,
            filename=upload.filename,
            content_type=upload.content_type,
            size_bytes=upload.size_bytes,
            sha256=upload.sha256,
            blob_key=upload.blob_key,
        ),
        source="hotstack/upload",
        subject=upload.upload_id,
    )
    on_revised = Subscription(UploadRevised, handlers(blobs).on_upload_revised)
    async with memory_store() as transactions:
        await transactions.deliver(on_revised, revised)

        [extracted] = transactions.of_type(IntentExtracted)
        assert extracted.data.revision == 2
        assert extracted.data.intent.business_name == "Harbour Bakery"
        async with transactions() as tx:
            [record] = (await tx.session.exec(select(IntentRecord))).all()
        assert (record.upload_id, record.revision) == (upload.upload_id, 2)
