"""Turning pipeline events into emails, each sent once per event and recipient."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from hotstack_contracts import (
    BuildCompleted,
    BuildFailed,
    Envelope,
    Event,
    FormSubmitted,
    IntentFailed,
    NotificationFailed,
    NotificationSent,
    PaymentFailed,
    PaymentRequested,
    SitePublished,
    UploadReceived,
    format_grains,
    new_id,
)
from hotstack_libs.bus import Transaction
from hotstack_libs.mail import Mailer

from . import store
from .domain.emails import FORM_NAMES, Email, form_subject, notification_id, render, to_message

SOURCE = "hotstack/notifier"


EMAIL_KIND = {
    FormSubmitted.subject: "form_submitted",
    PaymentRequested.subject: "preview_ready",
    SitePublished.subject: "site_live",
    IntentFailed.subject: "failed",
    BuildFailed.subject: "failed",
    PaymentFailed.subject: "failed",
}


def _sender_name(form: FormSubmitted) -> str | None:
    """The visitor's name, if the form asked for it."""
    return next((f.value for f in form.fields if f.name == "name" and f.value), None)


class ContactNotKnownYetError(RuntimeError):
    """An event overtook the UploadReceived/BuildCompleted it depends on; retry later."""


class Notifier:
    """Keeps contacts and sends the emails the pipeline calls for."""

    def __init__(self, mailer: Mailer, sender: str) -> None:
        self.mailer = mailer
        self.sender = sender

    async def on_event(self, envelope: Envelope[Event], tx: Transaction) -> None:
        """Dispatch by payload type."""
        data = envelope.data
        if isinstance(data, UploadReceived):
            contact = await self._remember(tx, envelope, email=data.contact_email)
            contact.upload_seen = True
        elif isinstance(data, BuildCompleted):
            await self._remember(
                tx, envelope, site_name=data.site_name, preview_url=data.preview_url
            )
        elif isinstance(data, PaymentRequested):
            contact = await self._contact(tx, envelope)
            if contact.email and (contact.preview_url is None or contact.site_name is None):
                raise ContactNotKnownYetError("preview of this upload not seen yet")
            await self._send(
                tx,
                envelope,
                contact.email,
                lambda to: render(
                    "preview_ready",
                    to,
                    f"Your preview of {contact.site_name} is ready — pay here",
                    site_name=contact.site_name,
                    preview_url=contact.preview_url,
                    checkout_url=data.checkout_url,
                    total=format_grains(data.total_grains),
                ),
            )
        elif isinstance(data, SitePublished):
            contact = await self._contact(tx, envelope)
            name = contact.site_name or data.slug
            await self._send(
                tx,
                envelope,
                contact.email,
                lambda to: render(
                    "site_live",
                    to,
                    f"Your site {name} is live",
                    site_name=name,
                    site_url=data.site_url,
                ),
            )
        elif isinstance(data, FormSubmitted):
            await self._send(
                tx,
                envelope,
                await self._form_recipient(tx, envelope, data),
                lambda to: render(
                    "form_submitted",
                    to,
                    form_subject(data.form.value, data.site_name, _sender_name(data)),
                    reply_to=data.reply_to,
                    form_name=FORM_NAMES.get(data.form.value, data.form.value),
                    site_name=data.site_name,
                    site_url=data.site_url,
                    slug=data.slug,
                    fields=data.fields,
                ),
            )
        elif isinstance(data, IntentFailed | BuildFailed | PaymentFailed):
            contact = await self._contact(tx, envelope)
            await self._send(
                tx,
                envelope,
                contact.email,
                lambda to: render(
                    "failed",
                    to,
                    "We could not finish your site",
                    reason=data.reason,
                    upload_id=envelope.correlationid,
                ),
            )

    async def on_give_up(self, envelope: Envelope[Event], reason: str, tx: Transaction) -> None:
        """An email that could not be sent after every retry: record it and say so."""
        kind = EMAIL_KIND.get(envelope.type)
        contact = await tx.session.get(store.Contact, envelope.correlationid)
        recipient = contact.email if contact is not None else None
        if isinstance(envelope.data, FormSubmitted) and envelope.data.site_email:
            recipient = envelope.data.site_email
        if kind is None or not recipient:
            return
        failed_id = notification_id(envelope.id, "email", recipient)
        if await tx.session.get(store.Notification, failed_id) is not None:
            return  # it was recorded (sent or failed) after all
        tx.session.add(
            store.Notification(
                id=failed_id,
                tenant_id=envelope.tenant,
                upload_id=envelope.correlationid,
                channel="email",
                recipient=recipient,
                kind=kind,
                subject="(not sent)",
                about_event_id=envelope.id,
                status="failed",
            )
        )
        tx.emit(
            envelope.caused(
                NotificationFailed(
                    notification_id=failed_id,
                    channel="email",
                    recipient=recipient,
                    kind=kind,
                    about_event_id=envelope.id,
                    reason=reason[:500],
                    attempts=1,
                ),
                source=SOURCE,
                subject=failed_id,
            )
        )

    async def endpoint_disabled(
        self, tenant: str, url: str, reason: str, contact: str | None
    ) -> None:
        """Tell the tenant one of its webhook endpoints was disabled."""
        if not contact:
            return
        email = render(
            "endpoint_disabled",
            contact,
            "A HotStack webhook endpoint was disabled",
            url=url,
            reason=reason,
        )
        await self.mailer.send(to_message(email, self.sender, new_id("ntf")))

    async def _remember(
        self, tx: Transaction, envelope: Envelope[Event], **fields: str | None
    ) -> store.Contact:
        contact = await tx.session.get(store.Contact, envelope.correlationid)
        if contact is None:
            contact = store.Contact(upload_id=envelope.correlationid, tenant_id=envelope.tenant)
            tx.session.add(contact)
        for name, value in fields.items():
            if value is not None:
                setattr(contact, name, value)
        return contact

    async def _form_recipient(
        self, tx: Transaction, envelope: Envelope[Event], data: FormSubmitted
    ) -> str | None:
        """Who hears of a form: the address the site shows, else the upload's contact
        address (a form never goes nowhere while either exists)."""
        if data.site_email:
            return data.site_email
        return (await self._contact(tx, envelope)).email

    async def _contact(self, tx: Transaction, envelope: Envelope[Event]) -> store.Contact:
        contact = await tx.session.get(store.Contact, envelope.correlationid)
        # Events of one upload reach separate consumers in any order: BuildCompleted may
        # create the row before UploadReceived brings the address. Until then, retry.
        if contact is None or contact.tenant_id != envelope.tenant or not contact.upload_seen:
            raise ContactNotKnownYetError(f"upload {envelope.correlationid} not seen yet")
        return contact

    async def _send(
        self, tx: Transaction, envelope: Envelope[Event], to: str | None, compose: Any
    ) -> None:
        if not to:
            return  # the tenant gave no address: nothing to send
        already = await tx.session.exec(
            select(store.Notification.id).where(
                store.Notification.about_event_id == envelope.id,
                store.Notification.channel == "email",
                store.Notification.recipient == to,
            )
        )
        if already.first() is not None:
            return
        email: Email = compose(to)
        sent_id = notification_id(envelope.id, "email", to)
        await self.mailer.send(to_message(email, self.sender, sent_id))
        tx.session.add(
            store.Notification(
                id=sent_id,
                tenant_id=envelope.tenant,
                upload_id=envelope.correlationid,
                channel="email",
                recipient=to,
                kind=email.kind,
                subject=email.subject,
                about_event_id=envelope.id,
                status="sent",
            )
        )
        tx.emit(
            envelope.caused(
                NotificationSent(
                    notification_id=sent_id,
                    channel="email",
                    recipient=to,
                    kind=email.kind,
                    about_event_id=envelope.id,
                ),
                source=SOURCE,
                subject=sent_id,
            )
        )
