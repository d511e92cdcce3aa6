"""The notifier's emails against a real store, applied as its consumers apply them.

- Events of one upload reach the notifier's consumers in any order. An email that needs the
  tenant's address waits (is retried) until UploadReceived has been applied, instead of
  being dropped as "no address given" (seen in CI: BuildCompleted and PaymentFailed were
  applied 0.2 s before UploadReceived, and the failure email was never sent).
- An email sent just before a crash (sent, not yet recorded) is sent again on redelivery
  under the same Message-ID, so the recipient's mail system can drop the copy; once
  recorded, a redelivery sends nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from hotstack_contracts import Envelope, FormKind, FormSubmitted, PaymentFailed, SubmittedField
from hotstack_libs.http import Runtime, service_of
from hotstack_notifier import store
from hotstack_notifier.bootstrap import create_app
from hotstack_notifier.service import ContactNotKnownYetError, Notifier
from hotstack_notifier.settings import Settings
from hotstack_tools.processes import NatsServer
from hotstack_tools.testing.factories import build_completed, payment_requested, upload_received

pytestmark = pytest.mark.integration

Apply = Callable[..., Awaitable[None]]


class Outbox:
    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    async def send(self, message: EmailMessage) -> None:
        self.sent.append(message)


class ProcessDiedError(Exception):
    """Stands for a crash between the send and the commit."""


@pytest.fixture
async def notifier(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> AsyncIterator[tuple[Apply, Outbox, Runtime[Any]]]:
    """(apply an event as the consumer would, the mail sent, the runtime)."""
    settings = Settings(
        database_url=database_url, nats_url=nats_server.url, state_dir=tmp_path, environment="test"
    )
    app = create_app(settings)
    mail = Outbox()
    emails = Notifier(mail, "HotStack <no-reply@mail.example.org>")

    async def apply(event: Envelope[Any], crash: bool = False) -> None:
        async with runtime.transactions() as tx:
            await emails.on_event(event, tx)
            if crash:
                raise ProcessDiedError

    async with app.router.lifespan_context(app):
        runtime: Runtime[Any] = service_of(app).runtime
        yield apply, mail, runtime


async def test_a_failure_that_overtakes_upload_received_is_retried_then_sent(
    notifier: tuple[Apply, Outbox, Runtime[Any]],
) -> None:
    apply, mail, _ = notifier
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
    await apply(completed)  # creates the contact row, without an address yet
    with pytest.raises(ContactNotKnownYetError):
        await apply(failed)  # nacked: redelivered later
    assert mail.sent == []
    await apply(uploaded)
    await apply(failed)  # the redelivery
    assert [m["To"] for m in mail.sent] == ["owner@acme.test"]
    assert mail.sent[0]["Subject"] == "We could not finish your site"


async def test_an_email_resent_after_a_crash_keeps_its_message_id(
    notifier: tuple[Apply, Outbox, Runtime[Any]],
) -> None:
    apply, mail, runtime = notifier
    uploaded = upload_received("acme", contact_email="owner@acme.test")
    completed = build_completed(uploaded, site_name="Acme")
    requested = payment_requested(completed)
    await apply(uploaded)
    await apply(completed)
    with pytest.raises(ProcessDiedError):
        await apply(requested, crash=True)  # the email went out; its record did not
    await apply(requested)  # the redelivery sends it again
    await apply(requested)  # a later one finds it recorded
    async with runtime.sessions() as session:
        rows = (await session.exec(select(store.Notification))).all()
    assert [m["Subject"] for m in mail.sent] == ["Your preview of Acme is ready — pay here"] * 2
    first, second = (m["Message-ID"] for m in mail.sent)
    assert first == second
    assert [(r.status, f"<{r.id}@mail.example.org>") for r in rows] == [("sent", first)]


def form_submitted(uploaded: Envelope[Any], site_email: str | None) -> Envelope[Any]:
    """A visitor's booking request on the site of `uploaded`."""
    fields = [
        SubmittedField(name="name", label="Your name", value="Ana\r\nBcc: x@evil.test López"),
        SubmittedField(name="email", label="Your email", value="ana@example.com"),
        SubmittedField(name="date", label="Preferred date", value="2027-03-14"),
        SubmittedField(name="phone", label="Phone (optional)", value=""),
    ]
    return uploaded.caused(
        FormSubmitted(
            submission_id="fsub_1",
            build_id="bld_1",
            upload_id=uploaded.data.upload_id,
            slug="acme",
            site_name="Acme",
            site_url="http://h.test/sites/acme/",
            form=FormKind.BOOKING,
            fields=fields,
            reply_to="ana@example.com",
            site_email=site_email,
        ),
        source="hotstack/build",
        subject="fsub_1",
    )


@pytest.mark.parametrize(
    ("site_email", "recipient"),
    [("bookings@acme.test", "bookings@acme.test"), (None, "owner@acme.test")],
    ids=["the site's address", "the upload's address"],
)
async def test_a_form_reaches_the_owner_with_every_answer_and_a_reply_to_the_visitor(
    notifier: tuple[Apply, Outbox, Runtime[Any]], site_email: str | None, recipient: str
) -> None:
    apply, mail, runtime = notifier
    uploaded = upload_received("acme", contact_email="owner@acme.test")
    await apply(uploaded)
    submitted = form_submitted(uploaded, site_email)
    await apply(submitted)
    await apply(submitted)  # a redelivery sends nothing more
    (message,) = mail.sent
    assert message["To"] == recipient
    assert message["Reply-To"] == "ana@example.com"
    # One line, whatever the visitor typed into their name.
    assert message["Subject"] == "New booking request from Ana Bcc: x@evil.test López — Acme"
    assert message["Bcc"] is None
    text = message.get_body(("plain",))
    assert text is not None
    body = text.get_content()
    assert "Preferred date: 2027-03-14" in body
    assert "Phone (optional): —" in body
    assert "/api/sites/acme/submissions" in body
    async with runtime.sessions() as session:
        (row,) = (await session.exec(select(store.Notification))).all()
    assert (row.kind, row.recipient, row.status) == ("form_submitted", recipient, "sent")
