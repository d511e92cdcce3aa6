"""The forms of a published site, as HotStack receives them: what each asks for, the
signed token that proves a person had the page open for a while, and the checks a
submission passes before it is stored and sent to the owner.

A generated page carries `TOKEN_SLOT` where its form's token goes; the page is static,
so the token is written in each time the page is served (`with_form_token`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time

from email_validator import EmailNotValidError, validate_email

from hotstack_contracts import FormField, FormKind, FormSection, SubmittedField

FORM_FIELD = "_form"
TOKEN_FIELD = "_token"  # noqa: S105 - the field's name
TOKEN_SLOT = "hotstack-form-token"  # noqa: S105 - where a token is written in, not one
REASON_SLOT = "hotstack-form-reason"
BACK_SLOT = "hotstack-form-back"
SENT_PAGE = "sent.html"
NOT_SENT_PAGE = "not-sent.html"

# A field name bots fill and people never see; the first one the form does not use.
_HONEYPOTS = ("url", "website", "homepage", "company_url")
# The longest answer a field takes: a message may be long, a name may not.
_LONGEST = {"textarea": 5000}
_LONGEST_OTHER = 200
_LARGEST_NUMBER = 1_000_000_000


def honeypot_of(fields: Sequence[FormField]) -> str:
    """The honeypot field's name for a form with these fields."""
    taken = {field.name for field in fields}
    return next(name for name in _HONEYPOTS if name not in taken)


@dataclass(frozen=True)
class HostedForm:
    """A form as the site shows it: its key (what it sends as `_form`: its kind, or
    `contact-2` for a second of one kind), its fields, its honeypot and where it is."""

    key: str
    kind: FormKind
    fields: tuple[FormField, ...]
    honeypot: str
    href: str  # the page and anchor of the form: "contact.html#form-1"

    def dump(self) -> dict[str, object]:
        """The form as stored with its build (JSON)."""
        return {
            "key": self.key,
            "kind": self.kind.value,
            "fields": [field.model_dump(mode="json") for field in self.fields],
            "honeypot": self.honeypot,
            "href": self.href,
        }

    @classmethod
    def load(cls, stored: Mapping[str, object]) -> HostedForm:
        """A form as `dump` stored it."""
        fields = stored["fields"]
        assert isinstance(fields, list)
        return cls(
            key=str(stored["key"]),
            kind=FormKind(str(stored["kind"])),
            fields=tuple(FormField.model_validate(field) for field in fields),
            honeypot=str(stored["honeypot"]),
            href=str(stored["href"]),
        )


def hosted_form(key: str, section: FormSection, href: str) -> HostedForm:
    """The hosted form of a form section found at `href`."""
    return HostedForm(
        key=key,
        kind=section.form,
        fields=tuple(section.fields),
        honeypot=honeypot_of(section.fields),
        href=href,
    )


class RefusedError(Exception):
    """A submission HotStack does not take; `reason` names the words the visitor reads
    (a key of the site's furniture) and `field` the label they are about, if any."""

    def __init__(self, reason: str, field: str | None = None) -> None:
        super().__init__(f"{reason}: {field}" if field else reason)
        self.reason = reason
        self.field = field


_WRITTEN_TOKEN = re.compile(rb'(name="_token" value=")[0-9]+\.[A-Za-z0-9_-]+(")')


def with_form_token(page: bytes, token: str) -> bytes:
    """A page as served: the token written into each of its forms."""
    return page.replace(TOKEN_SLOT.encode(), token.encode())


def as_stored(page: bytes) -> bytes:
    """A served page as its build stored it: each form's token put back to its slot (to
    check what a site serves against its artifact, byte for byte)."""
    return _WRITTEN_TOKEN.sub(rb"\g<1>" + TOKEN_SLOT.encode() + rb"\g<2>", page)


def _signature(key: bytes, site: str, issued: int) -> str:
    digest = hmac.new(key, f"{site}\x00{issued}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def form_token(key: bytes, site: str, now: float) -> str:
    """A token for the forms of `site` (its slug, or a preview's build id) served at `now`."""
    issued = math.floor(now)
    return f"{issued}.{_signature(key, site, issued)}"


def check_token(
    key: bytes, site: str, token: str, now: float, *, min_seconds: float, max_seconds: float
) -> None:
    """Raise RefusedError unless `token` was issued for `site`, at least `min_seconds` ago (a
    person takes that long to fill a form in; a script does not) and at most
    `max_seconds` ago."""
    issued_text, _, signature = token.partition(".")
    if not issued_text.isdigit() or not hmac.compare_digest(
        signature.encode(), _signature(key, site, int(issued_text)).encode()
    ):
        raise RefusedError("form_expired")  # forged, or from another site: say no more
    age = now - int(issued_text)
    if age < min_seconds:
        raise RefusedError("form_too_fast")
    if age > max_seconds:
        raise RefusedError("form_expired")


_PHONE = re.compile(r"^\+?[\d\s().\-/]{5,40}$")


def _checked(field: FormField, value: str) -> str:
    """The value a field holds, or RefusedError."""
    longest = _LONGEST.get(field.type, _LONGEST_OTHER)
    if len(value) > longest:
        raise RefusedError("form_too_long", field.label)
    if not value:
        if field.required:
            raise RefusedError("form_missing", field.label)
        return value
    try:
        if field.type == "email":
            return validate_email(value, check_deliverability=False).normalized
        if field.type == "number":
            number = float(value)
            if not (0 < number <= _LARGEST_NUMBER) or not math.isfinite(number):
                raise ValueError(value)
        elif field.type == "date":
            date.fromisoformat(value)
        elif field.type == "time":
            time.fromisoformat(value)
        elif (
            field.type == "tel" and (not _PHONE.match(value) or sum(c.isdigit() for c in value) < 5)
        ) or (field.type == "select" and field.options and value not in field.options):
            raise ValueError(value)
    except (ValueError, EmailNotValidError):
        reason = "form_bad_email" if field.type == "email" else "form_bad_value"
        raise RefusedError(reason, field.label) from None
    return value


def check_trap(form: HostedForm, posted: Mapping[str, str]) -> None:
    """RefusedError when the honeypot holds anything: a robot filled in every field it found
    (people never see it). The robot is told nothing useful."""
    if posted.get(form.honeypot, "").strip():
        raise RefusedError("form_expired")


def answers_of(form: HostedForm, posted: Mapping[str, str]) -> list[SubmittedField]:
    """The answers a visitor sent to `form`, checked against its fields: RefusedError when a
    required answer is missing or one is not of its kind. Fields the form does not have
    are ignored."""
    answers = []
    for field in form.fields:
        value = posted.get(field.name, "").strip().replace("\r\n", "\n")
        answers.append(
            SubmittedField(name=field.name, label=field.label, value=_checked(field, value))
        )
    return answers


def reply_address(form: HostedForm, answers: Sequence[SubmittedField]) -> str | None:
    """The visitor's email address: the answer to the form's first email field."""
    emails = {field.name for field in form.fields if field.type == "email"}
    return next((a.value for a in answers if a.name in emails and a.value), None)
