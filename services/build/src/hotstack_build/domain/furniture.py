"""The site's own words (navigation, buttons, labels, the 404 page) in its language, from
gettext catalogues (`hotstack_build/locale/<language>/LC_MESSAGES/site.po`) read with Babel.

The English strings here are the catalogues' message ids; `pybabel extract` finds them by
their `N_` marker. A language without a catalogue gets English.
"""

from __future__ import annotations

from functools import cache
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
    "menu": N_("Menu"),
    "choose": N_("Choose"),
    "event": N_("Event"),
    "quote": N_("Free quote"),
    "quick_contact": N_("Quick contact"),
    "main_nav": N_("Main"),
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


def words_for(language: str) -> dict[str, str]:
    """The site's furniture in its language."""
    gettext = translations(language).gettext
    return {key: gettext(message) for key, message in FURNITURE.items()}
