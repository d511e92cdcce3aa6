"""Build's handlers, on an in-memory unit of work: a spec built once, published once paid."""

from __future__ import annotations

import pytest

from hotstack_build import store
from hotstack_build.service import Builder
from hotstack_contracts import (
    BuildCompleted,
    BuildFailed,
    BuildStarted,
    Envelope,
    IntentExtracted,
    PaymentSettled,
    SitePublished,
)
from hotstack_contracts.site import (
    Contact,
    ContactSection,
    HeroSection,
    Intent,
    Page,
    Palette,
    SiteSpec,
    SiteType,
)
from hotstack_libs.bus import Subscription
from hotstack_tools.testing.builds import settlement
from hotstack_tools.testing.fakes import FakeBlobStore
from hotstack_tools.testing.uow import memory_store

pytestmark = pytest.mark.unit

INTENT = Intent(
    site_type=SiteType.SHOP,
    business_name="Lantern Books",
    tagline="An independent bookshop with a café upstairs",
    audience="readers in Hebden Bridge",
    tone="warm",
    features=[],
    palette=Palette(primary="#1f3a5f", accent="#b5651d", background="#fbf8f3", text="#1d1d1d"),
    contact=Contact(emails=["hello@lanternbooks.co.uk"]),
)
SPEC = SiteSpec(
    pages=[
        Page(
            slug="index",
            title="Home",
            sections=[
                HeroSection(heading="Lantern Books", body=INTENT.tagline),
                ContactSection(heading="Find us", emails=INTENT.contact.emails),
            ],
        )
    ]
)


def intent_event(upload_id: str = "upl_lantern") -> Envelope[IntentExtracted]:
    return Envelope.new(
        IntentExtracted(
            upload_id=upload_id, intent_id="int_1", extractor="rules", intent=INTENT, spec=SPEC
        ),
        source="hotstack/intent",
        tenant="acme",
        correlation_id=upload_id,
        subject="int_1",
    )


def subscriptions(
    blobs: FakeBlobStore,
) -> tuple[Subscription[IntentExtracted], Subscription[PaymentSettled]]:
    builder = Builder(blobs, "http://build")
    return (
        Subscription(
            IntentExtracted, builder.on_intent_extracted, on_give_up=builder.on_build_given_up
        ),
        Subscription(PaymentSettled, builder.on_payment_settled),
    )


async def test_a_spec_is_built_once_into_a_preview_and_published_once_paid() -> None:
    blobs = FakeBlobStore()
    on_intent, on_settled = subscriptions(blobs)
    intent = intent_event()
    async with memory_store() as transactions:
        assert await transactions.deliver(on_intent, intent)
        [completed] = transactions.of_type(BuildCompleted)
        assert [e.data.build_id for e in transactions.of_type(BuildStarted)] == [
            completed.data.build_id
        ]
        assert completed.data.preview_url == f"http://build/preview/{completed.data.build_id}/"
        assert completed.data.artifact_key in blobs.blobs
        folder = f"acme/builds/{completed.data.build_id}/site"
        assert {f"{folder}/index.html", f"{folder}/404.html"} <= set(blobs.blobs)

        paid = completed.caused(
            settlement(completed.data, "pay_1"), source="hotstack/payment", subject="pay_1"
        )
        assert await transactions.deliver(on_settled, paid)
        assert await transactions.deliver(on_settled, paid, consumer="a-second-consumer") is True
        [published] = transactions.of_type(SitePublished)  # the second delivery changed nothing
        assert published.data.site_url == f"http://build/sites/{published.data.slug}/"
        async with transactions() as tx:
            site = await tx.session.get(store.Site, published.data.slug)
        assert site is not None
        assert site.live_build_id == completed.data.build_id


async def test_a_settlement_of_another_tenants_build_publishes_nothing() -> None:
    blobs = FakeBlobStore()
    on_intent, on_settled = subscriptions(blobs)
    async with memory_store() as transactions:
        await transactions.deliver(on_intent, intent_event())
        [completed] = transactions.of_type(BuildCompleted)
        stranger = completed.model_copy(update={"tenant": "other"})
        paid = stranger.caused(
            settlement(completed.data, "pay_1"), source="hotstack/payment", subject="pay_1"
        )
        await transactions.deliver(on_settled, paid)
        assert transactions.of_type(SitePublished) == []


async def test_a_build_given_up_is_recorded_as_failed_with_the_reason() -> None:
    on_intent, _ = subscriptions(FakeBlobStore())
    intent = intent_event()
    async with memory_store() as transactions:
        async with transactions() as tx:
            await on_intent.give_up(intent, "OSError: blob store unavailable", tx)
        [failed] = transactions.of_type(BuildFailed)
        assert failed.data.reason == "the site could not be built: OSError: blob store unavailable"
        async with transactions() as tx:
            build = await tx.session.get(store.Build, failed.data.build_id)
        assert build is not None
        assert build.status == "failed"
