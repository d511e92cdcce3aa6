"""Notifier's handlers, on an in-memory unit of work: emails once, in order, and webhooks."""

from __future__ import annotations

import asyncio
import json

import pytest
from sqlmodel import select

from hotstack_contracts import Event, NotificationFailed, PaymentRequested
from hotstack_libs.bus import Subscription
from hotstack_notifier import store
from hotstack_notifier.handlers import FanOut
from hotstack_notifier.service import ContactNotKnownYetError, Notifier
from hotstack_tools.testing.factories import build_completed, payment_requested, upload_received
from hotstack_tools.testing.fakes import RecordingMailer
from hotstack_tools.testing.uow import memory_store

pytestmark = pytest.mark.unit


def emails(mailer: RecordingMailer) -> Subscription[Event]:
    notifier = Notifier(mailer, "HotStack <no-reply@hotstack.test>")
    return Subscription(Event, notifier.on_event, on_give_up=notifier.on_give_up)


async def test_the_preview_email_goes_once_to_the_address_the_upload_gave() -> None:
    mailer = RecordingMailer()
    on_event = emails(mailer)
    received = upload_received("acme", contact_email="owner@harbour.test")
    built = build_completed(received, site_name="Harbour Bakery")
    requested = payment_requested(built)
    async with memory_store() as transactions:
        for event in (received, built, requested):
            await transactions.deliver(on_event, event)
        await transactions.deliver(on_event, requested, consumer="a-replica-that-raced")

        [message] = mailer.sent
        assert message["To"] == "owner@harbour.test"
        assert "Harbour Bakery" in message["Subject"]
        assert requested.data.checkout_url in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


async def test_a_payment_request_that_overtakes_its_upload_waits_for_it() -> None:
    on_event = emails(RecordingMailer())
    requested = payment_requested(
        build_completed(upload_received("acme", contact_email="a@b.test"))
    )
    async with memory_store() as transactions:
        with pytest.raises(ContactNotKnownYetError):
            await transactions.deliver(on_event, requested)
        assert transactions.emitted == []


async def test_an_email_that_could_not_be_sent_is_recorded_as_failed_once() -> None:
    on_event = emails(RecordingMailer())
    received = upload_received("acme", contact_email="owner@harbour.test")
    requested = payment_requested(build_completed(received))
    async with memory_store() as transactions:
        await transactions.deliver(on_event, received)
        for _ in range(2):
            async with transactions() as tx:
                await on_event.give_up(requested, "SMTP server unreachable", tx)

        [failed] = transactions.of_type(NotificationFailed)
        assert (failed.data.recipient, failed.data.about_event_id) == (
            "owner@harbour.test",
            requested.id,
        )


async def test_each_event_is_scheduled_for_the_tenants_enabled_endpoints_that_want_it() -> None:
    received = upload_received("acme")
    requested = payment_requested(build_completed(received))
    endpoints = {
        "all": ("acme", ["*"], True),
        "payments": ("acme", ["hotstack.payment.*"], True),
        "disabled": ("acme", ["*"], False),
        "elsewhere": ("other", ["*"], True),
    }
    async with memory_store() as transactions:
        async with transactions() as tx:
            for name, (tenant, types, enabled) in endpoints.items():
                tx.session.add(
                    store.WebhookEndpoint(
                        id=name,
                        tenant_id=tenant,
                        url=f"https://{name}.test/hook",
                        event_types=json.dumps(types),
                        secret_encrypted="sealed",
                        enabled=enabled,
                    )
                )
        due = asyncio.Event()
        webhooks = Subscription(Event, FanOut(due).on_event, name="webhooks")
        for event in (received, requested):
            await transactions.deliver(webhooks, event)
        assert due.is_set()  # the worker is woken once the deliveries are committed

        async with transactions() as tx:
            rows = (await tx.session.exec(select(store.WebhookDelivery))).all()
        assert sorted((r.endpoint_id, r.event_type) for r in rows) == sorted(
            [
                ("all", received.type),
                ("all", PaymentRequested.subject),
                ("payments", PaymentRequested.subject),
            ]
        )
        assert all(r.message_id == f"msg_{r.event_id}" and r.status == "pending" for r in rows)
