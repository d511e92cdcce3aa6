"""Upload's handler, on an in-memory unit of work: the timeline and status of each upload."""

from __future__ import annotations

import pytest
from sqlmodel import select

from hotstack_contracts import Envelope, Event, IntentFailed, SitePublished
from hotstack_libs.bus import Subscription
from hotstack_tools.testing.factories import build_completed, payment_requested, upload_received
from hotstack_tools.testing.uow import FakeTransactions, memory_store
from hotstack_upload import store
from hotstack_upload.domain.status import Status
from hotstack_upload.handlers import record_pipeline_event

pytestmark = pytest.mark.unit

TIMELINE = Subscription(Event, record_pipeline_event, name="timeline")


async def an_upload(
    transactions: FakeTransactions, received: Envelope[Event], **fields: object
) -> None:
    async with transactions() as tx:
        tx.session.add(
            store.StoredFile(
                id="file_1",
                tenant_id=received.tenant,
                filename="brief.md",
                content_type="text/markdown",
                size_bytes=10,
                sha256="d" * 64,
                blob_key="k",
            )
        )
        tx.session.add(
            store.UploadSession(
                id=received.correlationid,
                tenant_id=received.tenant,
                file_id="file_1",
                prompt="a site",
                request_hash="h",
                **fields,  # type: ignore[arg-type]
            )
        )


async def upload_of(transactions: FakeTransactions, upload_id: str) -> store.UploadSession:
    async with transactions() as tx:
        found = await tx.session.get(store.UploadSession, upload_id)
    assert found is not None
    return found


async def test_each_event_moves_the_upload_on_and_joins_its_timeline_once() -> None:
    received = upload_received("acme")
    built = build_completed(received, site_name="Harbour Bakery")
    requested = payment_requested(built)
    async with memory_store() as transactions:
        await an_upload(transactions, received)
        for event in (received, built, requested):
            assert await transactions.deliver(TIMELINE, event)
        assert not await transactions.deliver(TIMELINE, requested)  # redelivered: no effect

        upload = await upload_of(transactions, received.correlationid)
        assert upload.status == Status.AWAITING_PAYMENT.value
        assert upload.preview_url == built.data.preview_url
        assert upload.checkout_url == requested.data.checkout_url
        async with transactions() as tx:
            types = (await tx.session.exec(select(store.UploadEvent.type))).all()
        assert types == [received.type, built.type, requested.type]
        assert transactions.emitted == []  # the timeline says nothing on the bus


async def test_another_tenants_event_for_the_same_upload_id_changes_nothing() -> None:
    received = upload_received("acme")
    stranger = upload_received("other", upload_id=received.correlationid)
    async with memory_store() as transactions:
        await an_upload(transactions, received)
        await transactions.deliver(TIMELINE, build_completed(stranger))
        upload = await upload_of(transactions, received.correlationid)
        assert upload.status == Status.RECEIVED.value
        assert upload.preview_url is None


async def test_a_failure_records_its_reason_but_a_failed_revision_leaves_the_site_live() -> None:
    received = upload_received("acme")
    failed = received.caused(
        IntentFailed(
            upload_id=received.correlationid, code="unreadable", reason="the PDF is damaged"
        ),
        source="hotstack/intent",
        subject="int_1",
    )
    async with memory_store() as transactions:
        await an_upload(transactions, received)
        await transactions.deliver(TIMELINE, failed)
        upload = await upload_of(transactions, received.correlationid)
        assert (upload.status, upload.error) == (Status.FAILED.value, "the PDF is damaged")

    async with memory_store() as transactions:
        await an_upload(transactions, received, revision=1, site_url="http://build/sites/harbour/")
        await transactions.deliver(TIMELINE, failed)
        upload = await upload_of(transactions, received.correlationid)
        assert upload.status == Status.PUBLISHED.value
        assert upload.error == "the PDF is damaged"


async def test_a_published_site_gives_the_upload_its_address() -> None:
    received = upload_received("acme")
    published = received.caused(
        SitePublished(
            build_id="bld_1",
            upload_id=received.correlationid,
            slug="harbour",
            site_url="http://build/sites/harbour/",
        ),
        source="hotstack/build",
        subject="bld_1",
    )
    async with memory_store() as transactions:
        await an_upload(transactions, received)
        await transactions.deliver(TIMELINE, published)
        upload = await upload_of(transactions, received.correlationid)
        assert (upload.status, upload.site_url) == (Status.PUBLISHED.value, published.data.site_url)
