"""The emails HotStack sends, rendered from the events that cause them."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

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


def render(kind: str, to: str, subject: str, **context: object) -> Email:
    """Render the text and HTML parts of one email kind."""
    context = {"subject": subject, **context}
    return Email(
        kind=kind,
        to=to,
        subject=subject,
        text=_ENV.get_template(f"{kind}.txt").render(**context),
        html=_ENV.get_template(f"{kind}.html").render(**context),
    )


def to_message(email: Email, sender: str, message_key: str) -> EmailMessage:
    """A MIME message; the Message-ID is stable for one notification."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Message-ID"] = make_msgid(idstring=message_key, domain="hotstack.local")
    message.set_content(email.text)
    message.add_alternative(email.html, subtype="html")
    return message
