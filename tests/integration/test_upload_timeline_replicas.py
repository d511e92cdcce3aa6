"""Two replicas of the upload service apply one upload's events side by side on PostgreSQL:
PaymentSettled read before SitePublished commits must not write back a status the site has
passed (the row is locked, so the second reads what the first wrote)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_contracts import Envelope, Event, PaymentSettled, SitePublished
from hotstack_libs.bus import TransactionFactory
from hotstack_libs.store import create_engine, migrate
from hotstack_tools.testing.factories import upload_received
from hotstack_upload import store
from hotstack_upload.bootstrap import MIGRATIONS
from hotstack_upload.handlers import record_pipeline_event

pytestmark = pytest.mark.integration


def followers(received: Envelope[Event]) -> tuple[Envelope[Event], Envelope[Event]]:
    upload_id = received.correlationid
    settled = received.caused(
        PaymentSettled(
            payment_id="pay_1",
            build_id="bld_1",
            upload_id=upload_id,
            amount_grains=100,
            care_loop_grains=15,
            total_grains=115,
            provider="sandbox",
            provider_reference="ch_1",
        ),
        source="hotstack/payment",
        subject="pay_1",
    )
    published = settled.caused(
        SitePublished(
            build_id="bld_1", upload_id=upload_id, slug="s", site_url="http://build/sites/s/"
        ),
        source="hotstack/build",
        subject="bld_1",
    )
    return settled, published


async def test_settled_applied_beside_published_leaves_the_upload_published(
    postgres_url: str,
) -> None:
    engine = create_engine(postgres_url)
    await migrate(engine, MIGRATIONS)
    transactions = TransactionFactory(
        async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
    )
    received = upload_received("acme")
    upload_id = received.correlationid
    async with transactions() as tx:
        tx.session.add(
            store.StoredFile(
                id="file_1",
                tenant_id="acme",
                filename="brief.md",
                content_type="text/markdown",
                size_bytes=10,
                sha256="d" * 64,
                blob_key="k",
            )
        )
        tx.session.add(
            store.UploadSession(
                id=upload_id,
                tenant_id="acme",
                file_id="file_1",
                prompt="a site",
                request_hash="h",
                status="awaiting_payment",
            )
        )
    settled, published = followers(received)
    applied, commit = asyncio.Event(), asyncio.Event()

    async def replica_one() -> None:  # applies SitePublished, commits when told
        async with transactions() as tx:
            await record_pipeline_event(published, tx)
            await tx.session.flush()
            applied.set()
            await commit.wait()

    async def replica_two() -> None:  # applies PaymentSettled meanwhile
        await applied.wait()
        async with transactions() as tx:
            await record_pipeline_event(settled, tx)

    try:
        tasks = [asyncio.create_task(replica_one()), asyncio.create_task(replica_two())]
        await applied.wait()
        await asyncio.sleep(0.3)  # replica two is now reading the upload
        commit.set()
        await asyncio.gather(*tasks)
        async with transactions() as tx:
            upload = await store.find_session(tx.session, "acme", upload_id)
            assert upload is not None
            assert upload.status == "published"
            assert upload.site_url == "http://build/sites/s/"
            assert upload.payment_id == "pay_1"
    finally:
        await engine.dispose()
