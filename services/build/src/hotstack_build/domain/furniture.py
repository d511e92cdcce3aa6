"""The site's own words (navigation, buttons, labels, the 404 page) in its language, from
gettext catalogues (`hotstack_build/locale/<language>/LC_MESSAGES/site.po`) read with Babel.

The English strings here are the catalogues' message ids; `pybabel extract` finds them by
their `N_` marker. A language without a catalogue gets English.
"""

from __future__ import annotations

import re
from functools import cache
from html import escape
from importlib.resources import files
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "site"
LANGUAGES = ("en", "es", "fr", "de")


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark for extraction"
    """Marks a message id for extraction; translated when a site is rendered."""
    return message


# key → message id. Phone labels are keyed by PhoneLabel values; the rest by use.
FURNITURE: dict[str, str] = {
    "main": N_("Phone"),
    "office": N_("Office"),
    "emergency": N_("Emergency"),
    "mobile": N_("Mobile"),
    "fax": N_("Fax"),
    "email": N_("Email"),
    "address": N_("Address"),
    "closed": N_("Closed"),
    "hours": N_("Opening hours"),
    "home": N_("Home"),
    "skip": N_("Skip to content"),
    "call": N_("Call us"),
    "touch": N_("Get in touch"),
    "pricing": N_("See pricing"),
    "shop": N_("Shop now"),
    "table": N_("Book a table"),
    "book": N_("Book now"),
    "donate": N_("Donate"),
    "waitlist": N_("Join the waitlist"),
    "consultation": N_("Request a consultation"),
    "registration": N_("Register"),
    "not_found": N_("Page not found"),
    "not_found_text": N_("That page does not exist."),
    "back_home": N_("Back to the home page"),
    "gone": N_("This site is no longer online"),
    "gone_text": N_("Its owner has taken it down."),
    "menu": N_("Menu"),
    "choose": N_("Choose"),
    "event": N_("Event"),
    "quote": N_("Free quote"),
    "quick_contact": N_("Quick contact"),
    "main_nav": N_("Main"),
    "preview": N_("Preview: this site is not published yet"),
    # A hosted form: the field only robots fill in, and the pages a visitor lands on.
    "form_trap": N_("Leave this field empty"),
    "form_sent": N_("Thank you, it is sent"),
    "form_sent_text": N_("We have received it and will reply to the email address you gave."),
    "form_not_sent": N_("It was not sent"),
    "form_back": N_("Back to the form"),
    "form_too_fast": N_("It was sent too quickly. Please wait a moment, then send it again."),
    "form_expired": N_("The form has expired. Please open the page again and send it once more."),
    "form_missing": N_("Please fill in “{field}”."),
    "form_bad_email": N_("“{field}” is not an email address."),
    "form_bad_value": N_("“{field}” is not valid."),
    "form_too_long": N_("“{field}” is too long."),
    "form_busy": N_("Too many forms were sent from here. Please try again in a few minutes."),
    "form_preview": N_("This is a preview: its forms are delivered once the site is published."),
}


def catalogue_path(language: str) -> str:
    """Where a language's catalogue lives, inside the package."""
    return f"locale/{language}/LC_MESSAGES/{DOMAIN}.po"


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalogue of a language (`es`, `es-MX` → `es`), or none: English."""
    code = language.split("-")[0].lower()
    source = files("hotstack_build").joinpath(catalogue_path(code))
    if code == "en" or not source.is_file():
        return NullTranslations()
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=code, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


_BODY = re.compile(rb"<body[^>]*>")
_LANG = re.compile(rb'<html lang="([A-Za-z-]{2,20})"')


def with_preview_ribbon(page: bytes) -> bytes:
    """A generated page marked as a preview: a ribbon at the top of its body, in the page's
    language (what `lang` says). Pages without a body are returned as they are."""
    body = _BODY.search(page)
    if body is None:
        return page
    language = _LANG.search(page)
    text = words_for(language.group(1).decode() if language else "en")["preview"]
    ribbon = f'\n<p class="preview-ribbon" role="note">{escape(text)}</p>'.encode()
    return page[: body.end()] + ribbon + page[body.end() :]


def words_for(language: str) -> dict[str, str]:
    """The site's furniture in its language."""
    gettext = translations(language).gettext
    return {key: gettext(message) for key, message in FURNITURE.items()}
