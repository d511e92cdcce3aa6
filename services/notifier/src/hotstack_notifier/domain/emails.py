"""The emails HotStack sends, rendered from the events that cause them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

_ENV = Environment(
    loader=PackageLoader("hotstack_notifier", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Email:
    """A message to one person."""

    kind: str
    to: str
    subject: str
    text: str
    html: str
    reply_to: str | None = None


def render(
    kind: str, to: str, subject: str, *, reply_to: str | None = None, **context: object
) -> Email:
    """Render the text and HTML parts of one email kind."""
    context = {"subject": subject, "reply_to": reply_to, **context}
    return Email(
        kind=kind,
        to=to,
        subject=subject,
        text=_ENV.get_template(f"{kind}.txt").render(**context),
        html=_ENV.get_template(f"{kind}.html").render(**context),
        reply_to=reply_to,
    )


# What the owner is told a form was, by its kind.
FORM_NAMES = {
    "contact": "contact",
    "booking": "booking request",
    "consultation": "consultation request",
    "waitlist": "waitlist",
    "registration": "registration",
    "donation": "donation pledge",
}


def form_subject(kind: str, site_name: str, sender: str | None) -> str:
    """The subject of the email that brings the owner a form: what, from whom, where."""
    what = FORM_NAMES.get(kind, kind)
    sender = " ".join((sender or "").split())[:80]  # one line, whatever a visitor typed
    who = f" from {sender}" if sender else ""
    return f"New {what}{who} — {site_name}"


def notification_id(about_event_id: str, channel: str, recipient: str) -> str:
    """The same id every time one event is notified to one recipient on one channel."""
    digest = hashlib.sha256(f"{about_event_id}\x00{channel}\x00{recipient}".encode())
    return f"ntf_{digest.hexdigest()[:32]}"


def to_message(email: Email, sender: str, message_key: str) -> EmailMessage:
    """A MIME message whose Message-ID is `message_key` at the sender's domain.

    An email sent again after a crash (sent, but not yet recorded as sent) carries the
    same Message-ID, which mail systems use to drop the duplicate.
    """
    domain = parseaddr(sender)[1].rpartition("@")[2] or "hotstack.local"
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.to
    message["Subject"] = email.subject
    if email.reply_to:
        message["Reply-To"] = email.reply_to
    message["Message-ID"] = f"<{message_key}@{domain}>"
    message.set_content(email.text)
    message.add_alternative(email.html, subtype="html")
    return message
