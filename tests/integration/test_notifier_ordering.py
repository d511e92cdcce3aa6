"""Events of one upload reach the notifier's consumers in any order. An email that needs
the tenant's address waits (is retried) until UploadReceived has been applied, instead of
being dropped as "no address given" (seen in CI: BuildCompleted and PaymentFailed were
applied 0.2 s before UploadReceived, and the failure email was never sent)."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from hotstack_contracts import Envelope, PaymentFailed
from hotstack_libs.http import Runtime
from hotstack_libs.processes import NatsServer
from hotstack_libs.testing.factories import build_completed, upload_received
from hotstack_notifier.app import create_app
from hotstack_notifier.notifications import ContactNotKnownYetError, Notifier
from hotstack_notifier.settings import Settings

pytestmark = pytest.mark.integration


class Outbox:
    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    async def send(self, message: EmailMessage) -> None:
        self.sent.append(message)


async def test_a_failure_that_overtakes_upload_received_is_retried_then_sent(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    settings = Settings(
        database_url=database_url, nats_url=nats_server.url, state_dir=tmp_path, environment="test"
    )
    app = create_app(settings)
    mail = Outbox()
    notifier = Notifier(mail, "hotstack@example.com")
    uploaded = upload_received("acme", contact_email="owner@acme.test")
    completed = build_completed(uploaded, site_name="Acme")
    failed = completed.caused(
        PaymentFailed(
            payment_id="pay_1",
            build_id=completed.data.build_id,
            upload_id=uploaded.data.upload_id,
            code="card_declined",
            reason="the card was declined",
        ),
        source="hotstack/payment",
        subject="pay_1",
    )

    async def apply(event: Envelope[Any]) -> None:
        async with runtime.transactions() as tx:
            await notifier.on_event(event, tx)

    async with app.router.lifespan_context(app):
        runtime: Runtime = app.state.runtime
        await apply(completed)  # creates the contact row, without an address yet
        with pytest.raises(ContactNotKnownYetError):
            await apply(failed)  # nacked: redelivered later
        assert mail.sent == []
        await apply(uploaded)
        await apply(failed)  # the redelivery
    assert [m["To"] for m in mail.sent] == ["owner@acme.test"]
    assert mail.sent[0]["Subject"] == "We could not finish your site"
