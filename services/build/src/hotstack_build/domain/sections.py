"""What each section of a spec is for, so that features render as working markup.

A section's role comes from its kind and heading: a list with prices under "Menu" is a
menu, under "Pricing" a pricing table; "FAQ" becomes questions and answers; "Gallery",
"Projects" or "Products" a grid; "Schedule", "Line-up" or "The day" a timeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hotstack_contracts import Section

_PRICE = re.compile(
    r"^(?P<name>.*?)[\s,:;\u2014\u2013-]*"
    r"(?P<price>(?:[£$€¥]|(?:EUR|USD|GBP|NOK|CHF)\s?)\d[\d,.]*(?:\s?/\s?\w+)?"
    r"|\d[\d,.]*\s?(?:€|EUR|kr|NOK)(?:\s?/\s?\w+)?)(?P<rest>.*)$"
)
_ROLES: list[tuple[str, re.Pattern[str]]] = [
    ("faq", re.compile(r"\bfaq\b|questions", re.I)),
    ("pricing", re.compile(r"pric|plans|rates|fees", re.I)),
    ("menu", re.compile(r"\bmenu\b|dishes|what we bake|drinks|food", re.I)),
    ("timeline", re.compile(r"schedule|line-?up|programme|program|the day|agenda|timetable", re.I)),
    (
        "gallery",
        re.compile(
            r"gallery|selected work|projects|portfolio|products|catalogue|our (?:dogs|cats|animals)"
            r"|boxes|collection",
            re.I,
        ),
    ),
    ("testimonials", re.compile(r"testimonial|reviews|what people say", re.I)),
]


@dataclass(frozen=True)
class Entry:
    """One list entry, with its price or answer split out where it has one."""

    text: str
    price: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Part:
    """A section ready for its template."""

    role: str  # hero | contact | text | list | menu | pricing | faq | timeline | gallery | ...
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)


def entry(item: str) -> Entry:
    """Split "Tagliatelle al ragù — €12" into its name and price."""
    found = _PRICE.match(item.strip())
    if found and found.group("name").strip():
        rest = found.group("rest").strip(" ,;()")
        return Entry(found.group("name").strip(), found.group("price").strip(), rest)
    return Entry(item.strip())


_PHONE = re.compile(r"^\+?[\d\s().\-]{7,}$")


def _contact_entry(item: str) -> Entry:
    """A contact line; a phone number ("Emergency: (415) 555-0199") gets its label split
    out (as `detail`) so that the number itself can be a link."""
    label, colon, value = item.rpartition(": ")
    number = value if colon else item
    if _PHONE.match(number.strip()) and sum(c.isdigit() for c in number) >= 7:
        return Entry(number.strip(), price="phone", detail=label if colon else "")
    return Entry(item.strip())


def _questions(section: Section) -> list[Entry]:
    if section.items:
        return [_question(item) for item in section.items]
    found = re.findall(r"([^?.!]+\?)\s*([^?]+?)(?=(?:\s[A-Z][^?.!]*\?)|$)", section.body)
    return [Entry(q.strip(), detail=a.strip()) for q, a in found]


def _question(item: str) -> Entry:
    question, mark, answer = item.partition("?")
    return Entry(question.strip() + mark, detail=answer.strip(" -\u2014\u2013"))


def part_of(section: Section) -> Part:
    """The role and content of one spec section."""
    paragraphs = [p.strip() for p in section.body.split("\n\n") if p.strip()]
    if section.kind == "hero":
        return Part(section.kind, section.heading, paragraphs)
    if section.kind == "contact":
        return Part(
            section.kind, section.heading, paragraphs, [_contact_entry(i) for i in section.items]
        )
    entries = [entry(item) for item in section.items]
    for role, pattern in _ROLES:
        if not pattern.search(section.heading):
            continue
        if role == "faq":
            questions = _questions(section)
            if questions:
                return Part("faq", section.heading, [], questions)
        elif role in ("menu", "pricing"):
            if entries and sum(1 for e in entries if e.price) * 2 >= len(entries):
                return Part(role, section.heading, paragraphs, entries)
        elif entries:
            return Part(role, section.heading, paragraphs, entries)
    return Part("list" if entries else "text", section.heading, paragraphs, entries)


def description(sections: list[Section], fallback: str) -> str:
    """A page's meta description: its first paragraph, cut at a word near 155 characters."""
    for section in sections:
        text = " ".join(section.body.split())
        if text and section.kind != "hero":
            if len(text) <= 155:
                return text
            return text[:152].rsplit(" ", 1)[0] + "…"
    return fallback
