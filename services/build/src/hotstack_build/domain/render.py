"""Site spec → files (HTML, CSS, icons, sitemap, robots), through autoescaped Jinja2 templates.

The archetype picks its design (`theme.py`), whose fonts ship with the site (self-hosted,
with their licences); each typed section renders by its
kind (a menu as a menu, plans side by side, hours as a week); dates, times and day names
are written in the site's language (Babel's CLDR data). Output depends on nothing but
the inputs: same spec, same bytes.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, partial
from importlib.resources import files as package_files
from typing import Any
from urllib.parse import urlencode

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_interval, format_time, get_day_names
from jinja2 import (
    Environment,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from markupsafe import Markup

from hotstack_contracts import (
    FormKind,
    FormSection,
    HoursSection,
    Image,
    Intent,
    Item,
    Opening,
    Page,
    Phone,
    PostalAddress,
    Rendition,
    ScheduleEntry,
    Section,
    SiteSpec,
    Weekday,
)

from .art import hero_art
from .forms import (
    BACK_SLOT,
    FORM_FIELD,
    NOT_SENT_PAGE,
    REASON_SLOT,
    SENT_PAGE,
    TOKEN_FIELD,
    TOKEN_SLOT,
    HostedForm,
    hosted_form,
)
from .furniture import words_for
from .icons import LICENCE_PATH, icon_name, icon_svg, licence
from .sections import actions, description, section_ids, stressed_phone
from .theme import Design, design_of, readable_colours, theme_for

_ENV = Environment(
    loader=PackageLoader("hotstack_build", "templates"),
    autoescape=select_autoescape(["html", "xml", "svg"], default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def tel_href(phone: Phone | str) -> str:
    """A `tel:` target: the parsed E.164 number, else the digits as written
    ("(415) 555-0123" → "4155550123")."""
    if isinstance(phone, Phone):
        if phone.number:
            return "tel:" + phone.number
        phone = phone.display
    return "tel:" + re.sub(r"(?!^\+)\D", "", phone.strip())


def _locale(context: Context) -> Locale:
    return _locale_of(context["spec"].language)


@cache
def og_locale(language: str) -> str:
    """Open Graph's `language_TERRITORY` ("es" → "es_ES"), the territory CLDR finds likeliest."""
    locale = _locale_of(language)
    if not locale.territory:
        likely = get_global("likely_subtags").get(locale.language, locale.language)
        locale = Locale.parse(likely)
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


@cache
def _locale_of(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


@cache
def _day_names(locale: Locale) -> tuple[str, ...]:
    """Monday to Sunday, capitalised as a table's row heading, in the locale's words."""
    names = get_day_names("wide", locale=locale)
    return tuple(str(names[i])[:1].upper() + str(names[i])[1:] for i in range(7))


@pass_context
def _date_span(context: Context, entry: ScheduleEntry) -> str:
    """An entry's day, or its days ("12-14 February 2027"), in the site's language."""
    if entry.date is None:
        return ""
    if entry.until is None or entry.until <= entry.date:
        return format_date(entry.date, format="full", locale=_locale(context))
    return str(format_interval(entry.date, entry.until, "yMMMMd", locale=_locale(context)))


@pass_context
def _clock(context: Context, moment: dt.time) -> str:
    return format_time(moment, format="short", locale=_locale(context))


@pass_context
def _by_day(context: Context, week: Iterable[Opening]) -> list[tuple[str, list[str]]]:
    """Monday to Sunday with each day's opening times, in the site's language."""
    locale = _locale(context)
    names = _day_names(locale)
    openings = list(week)
    rows = []
    for index, day in enumerate(Weekday):
        times = [
            f"{format_time(o.opens, 'short', locale=locale)}\u2013"
            f"{format_time(o.closes, 'short', locale=locale)}"
            for o in openings
            if o.day is day
        ]
        rows.append((names[index], times))
    return rows


@pass_context
def _week_summary(context: Context, week: Iterable[Opening]) -> list[str]:
    """The week in a line's worth: days with the same times run together ("Mon-Fri
    8:00-19:00", "Sat 9:00-14:00", with en dashes), closed days left out, in the site's
    language."""
    locale = _locale(context)
    short = get_day_names("abbreviated", locale=locale)
    openings = list(week)
    runs: list[tuple[int, int, str]] = []  # first day, last day, times
    for index, day in enumerate(Weekday):
        times = ", ".join(
            f"{format_time(o.opens, 'short', locale=locale)}\u2013"
            f"{format_time(o.closes, 'short', locale=locale)}"
            for o in openings
            if o.day is day
        )
        if runs and runs[-1][2] == times and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index, times)
        else:
            runs.append((index, index, times))

    def name(index: int) -> str:
        word = str(short[index])
        return word[:1].upper() + word[1:]

    return [
        f"{name(first)}{'' if first == last else chr(0x2013) + name(last)} {times}"
        for first, last, times in runs
        if times
    ]


@pass_context
def _day_name(context: Context, day: Weekday) -> str:
    return _day_names(_locale(context))[list(Weekday).index(day)]


def map_link(address: PostalAddress) -> str:
    """OpenStreetMap's search for an address: a link a visitor follows, never an embed."""
    return "https://www.openstreetmap.org/search?" + urlencode({"query": address.text})


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.split("\n\n") if p.strip()]


_ENV.filters.update(
    tel=tel_href,
    date_span=_date_span,
    clock=_clock,
    by_day=_by_day,
    day_name=_day_name,
    week_summary=_week_summary,
    paragraphs=_paragraphs,
    map_link=map_link,
)
_AUTOCOMPLETE = {"name": "name", "email": "email", "phone": "tel"}
_PLAN_FORMS = (FormKind.REGISTRATION, FormKind.BOOKING, FormKind.CONSULTATION, FormKind.CONTACT)


class RenderError(ValueError):
    """The spec cannot be rendered; the message says why."""


@dataclass(frozen=True)
class RenderedFile:
    """One generated file."""

    path: str
    content: bytes
    content_type: str


def page_path(slug: str) -> str:
    """File path of a page: the home page is `index.html`."""
    return "index.html" if slug == "index" else f"{slug}.html"


@cache
def _font_file(folder: str, name: str) -> bytes:
    return (package_files("hotstack_build") / "fonts" / folder / name).read_bytes()


def font_files(design: Design) -> dict[str, bytes]:
    """The design's font files and each family's licence, as the site serves them."""
    return {
        f"fonts/{family.folder}-{name}": _font_file(family.folder, name)
        for family in design.families
        for name in ("400.woff2", "700.woff2", "OFL.txt")
    }


def content_type_of(path: str) -> str:
    """Media type served for a generated path."""
    if path.endswith(".svg"):
        return "image/svg+xml"
    if path.endswith(".woff2"):
        return "font/woff2"
    if path.endswith(".webp"):
        return "image/webp"
    guessed, _ = mimetypes.guess_type(path)
    if guessed in ("text/html", "text/css", "application/xml", "text/xml", "text/plain"):
        return f"{guessed}; charset=utf-8"
    return guessed or "application/octet-stream"


def initials(name: str) -> str:
    """One or two letters for the favicon and brand mark."""
    words = [w for w in re.split(r"[\s&+\-]+", name) if w and w[0].isalnum()]
    letters = "".join(w[0] for w in words[:2]) or "·"
    return unicodedata.normalize("NFC", letters.upper())


def _site_forms(spec: SiteSpec) -> dict[FormKind, str]:
    """Where each kind of form is on the site: `page.html#id`, the first of each kind."""
    found: dict[FormKind, str] = {}
    for page in spec.pages:
        ids = section_ids(list(page.sections))
        for i, section in enumerate(page.sections):
            if isinstance(section, FormSection):
                found.setdefault(section.form, f"{page_path(page.slug)}#{ids[i]}")
    return found


def hosted_forms(spec: SiteSpec) -> dict[tuple[str, str], HostedForm]:
    """Every form of the site as HotStack receives it, by page slug and section id."""
    found: dict[tuple[str, str], HostedForm] = {}
    counts: Counter[FormKind] = Counter()
    for page in spec.pages:
        ids = section_ids(list(page.sections))
        for i, section in enumerate(page.sections):
            if isinstance(section, FormSection):
                counts[section.form] += 1
                n = counts[section.form]
                key = section.form.value if n == 1 else f"{section.form.value}-{n}"
                href = f"{page_path(page.slug)}#{ids[i]}"
                found[page.slug, ids[i]] = hosted_form(key, section, href)
    return found


def _page_context(
    intent: Intent, page: Page, theme: str, words: dict[str, str], forms: dict[FormKind, str]
) -> dict[str, Any]:
    sections: list[Section] = list(page.sections)
    ids = section_ids(sections)
    heroes = [i for i, s in enumerate(sections) if s.kind == "hero"]
    # A plan's button opens the form for taking it up: registration, booking, consultation
    # or contact (never a waitlist or a donation), on this page or the one that has it.
    target = next((forms[k] for k in _PLAN_FORMS if k in forms), "")
    plan_form = target.removeprefix(page_path(page.slug))  # "#id" here, "page.html#id" there
    # A page of its own whose first section is named like the page: that heading is the
    # page's h1, not a second title under the first.
    titled = not heroes and bool(sections) and sections[0].heading == page.title
    return {
        "page": page,
        "section_ids": ids,
        "titled": titled,
        "has_hero": bool(heroes),
        "first_hero": heroes[0] if heroes else -1,
        "plan_form": plan_form,
        "actions": actions(intent, sections, ids, theme, words),
    }


def picture_path(rendition: Rendition) -> str:
    """Where a picture's file is in the site: `images/<its content hash>.<type>`."""
    return "images/" + rendition.key.rsplit("/", 1)[-1]


_ENV.filters["picture_path"] = picture_path


def service_icon(item: Item) -> Markup:
    """The service's icon as inline SVG (see `icons`)."""
    return Markup(icon_svg(icon_name(item.name, item.description)))  # noqa: S704 - our own files


_ENV.filters["service_icon"] = service_icon


def shown(available: frozenset[str], images: list[Image]) -> list[Image]:
    """The images a site shows: those with a fallback file and every file `available`.
    A reference to a picture the site does not ship is never published as a broken image."""
    return [
        image
        for image in images
        if any(r.media_type != "image/webp" for r in image.renditions)
        and all(r.key in available for r in image.renditions)
    ]


def picture_keys(spec: SiteSpec) -> set[str]:
    """The blob keys of every picture file the spec refers to."""
    return {
        rendition.key
        for page in spec.pages
        for section in page.sections
        for image in section.images
        for rendition in image.renditions
    }


def render_site(
    intent: Intent,
    spec: SiteSpec,
    *,
    site_url: str,
    pictures: Mapping[str, bytes] | None = None,
) -> list[RenderedFile]:
    """Every file of the site, in path order. `pictures` holds the files of the spec's
    pictures by blob key; a picture whose files are not all there is left out. Forms post
    to HotStack at the site's own address, naming themselves (see `hosted_forms`); a site
    with forms has a page saying a form was sent and one saying why it was not."""
    pictures = pictures or {}
    slugs = [page.slug for page in spec.pages]
    if len(set(slugs)) != len(slugs):
        raise RenderError("two pages share one slug")
    if "index" not in slugs:
        raise RenderError("the spec has no home page (slug `index`)")
    words = words_for(spec.language)
    nav = [
        {
            "title": page.title if page.slug != "index" else words["home"],
            "href": page_path(page.slug),
        }
        for page in spec.pages
    ]
    base = site_url.rstrip("/") + "/"
    theme = theme_for(intent.site_type)
    fallback = intent.tagline or intent.business_name
    colours = readable_colours(intent.palette)
    shared = {
        "intent": intent,
        "spec": spec,
        "nav": nav,
        "site_url": base,
        "form_field": FORM_FIELD,
        "token_field": TOKEN_FIELD,
        "token_slot": TOKEN_SLOT,
        "noindex": False,
        "theme": theme,
        "design": design_of(theme),
        "og_locale": og_locale(spec.language),
        "words": words,
        "autocomplete": _AUTOCOMPLETE,
        "stressed_phone": stressed_phone(intent),
        "colours": colours,
        "initials": initials(intent.business_name),
        "shown": partial(shown, frozenset(pictures)),
        # The opening hours, for the footer of every page: a key fact a visitor looks for.
        "week": next(
            (s.week for p in spec.pages for s in p.sections if isinstance(s, HoursSection)), []
        ),
    }
    files: dict[str, str] = {}
    forms = _site_forms(spec)
    hosted = hosted_forms(spec)
    try:
        for page in spec.pages:
            path = page_path(page.slug)
            home = page.slug == "index"
            title = intent.business_name if home else f"{page.title} · {intent.business_name}"
            files[path] = _ENV.get_template("page.html").render(
                path=path,
                title=title,
                description=description(page.sections, fallback),
                canonical=base + ("" if home else path),
                **_page_context(intent, page, theme, words, forms),
                hosted={id_: form for (slug, id_), form in hosted.items() if slug == page.slug},
                **shared,
            )
        files["404.html"] = _ENV.get_template("404.html").render(
            path="404.html",
            title=f"{words['not_found']} · {intent.business_name}",
            description=fallback,
            canonical=base + "404.html",
            **shared,
        )
        # What the site's address answers once its owner takes it down: no links to pages
        # that are gone, the business's name and contact details still in the footer.
        files["410.html"] = _ENV.get_template("410.html").render(
            path="410.html",
            title=f"{words['gone']} · {intent.business_name}",
            description=fallback,
            canonical=base,
            **{**shared, "nav": []},
        )
        if hosted:
            # Where a form's visitor lands: told it was sent, or why not (the reason and the
            # way back to the form are written in when the page is served).
            for path, heading, text, back in (
                (SENT_PAGE, words["form_sent"], words["form_sent_text"], "index.html"),
                (NOT_SENT_PAGE, words["form_not_sent"], REASON_SLOT, BACK_SLOT),
            ):
                files[path] = _ENV.get_template("answer.html").render(
                    path=path,
                    title=f"{heading} · {intent.business_name}",
                    description=fallback,
                    canonical=base + path,
                    heading=heading,
                    text=text,
                    back=back,
                    back_words=words["back_home"] if path == SENT_PAGE else words["form_back"],
                    **{**shared, "noindex": True},
                )
        for name in ("styles.css", "favicon.svg", "og.svg", "robots.txt"):
            files[name] = _ENV.get_template(name).render(**shared)
        files["art.svg"] = hero_art(theme, intent.business_name, colours)
        files["sitemap.xml"] = _ENV.get_template("sitemap.xml").render(
            urls=[base + ("" if s == "index" else page_path(s)) for s in slugs]
        )
    except TemplateError as error:
        raise RenderError(f"template error: {error}") from error
    binary = {path: text.encode() for path, text in files.items()}
    binary.update(font_files(design_of(theme)))
    shipped = (
        rendition
        for page in spec.pages
        for section in page.sections
        for image in shown(frozenset(pictures), section.images)
        for rendition in image.renditions
    )
    binary.update({picture_path(r): pictures[r.key] for r in shipped})
    if any(s.kind == "services" and s.items for p in spec.pages for s in p.sections):
        binary[LICENCE_PATH] = licence()  # the icons' licence travels with them
    return [
        RenderedFile(path=path, content=content, content_type=content_type_of(path))
        for path, content in sorted(binary.items())
    ]
