"""What a page's typed sections need around them: anchors, the hero's buttons, the page's
description. The site's own words are in `furniture.py`.

The spec says what each section is (a menu, plans, a booking form); this module only
decides how the page links them together.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from hotstack_contracts import DirectiveKind, FormKind, FormSection, Intent, PhoneLabel, Section


@dataclass(frozen=True)
class Action:
    """A button in the hero."""

    href: str
    label: str


def form_anchor(kind: FormKind) -> str:
    """The id of a form of this kind (the contact form's is not the contact section's)."""
    return "contact-form" if kind is FormKind.CONTACT else kind.value


# Fixed ids that templates link to (skip link, hero buttons); headings never take them.
_ANCHORS = ("main", "contact", "pricing", "gallery", "menu", *map(form_anchor, FormKind))
_FIXED = {"plans": "pricing", "gallery": "gallery", "menu": "menu"}


def section_ids(sections: list[Section]) -> list[str]:
    """An id per section: the first form of each kind is `#booking`, `#donation`, …; the
    first plans, gallery and menu `#pricing`, `#gallery`, `#menu`; the rest from headings."""
    taken: set[str] = set()
    ids: list[str] = []
    for section in sections:
        fixed = (
            form_anchor(section.form)
            if isinstance(section, FormSection)
            else _FIXED.get(section.kind)
        )
        if section.kind in ("hero", "contact"):
            ids.append("")
        elif fixed and fixed not in taken:
            taken.add(fixed)
            ids.append(fixed)
        else:
            ids.append(_id(section.heading, taken))
    return ids


def _id(heading: str, taken: set[str]) -> str:
    ascii_heading = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_heading.lower()).strip("-") or "section"
    base = base[:40]
    candidate, n = base, 2
    while candidate in taken or candidate in _ANCHORS:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


_FORM_ACTIONS = {
    FormKind.BOOKING: "book",
    FormKind.DONATION: "donate",
    FormKind.WAITLIST: "waitlist",
    FormKind.CONSULTATION: "consultation",
    FormKind.REGISTRATION: "registration",
}


def actions(
    intent: Intent, sections: list[Section], ids: list[str], theme: str, words: dict[str, str]
) -> list[Action]:
    """The hero's buttons: the page's forms (the one asked to stand out first), then the
    design's own (pricing, the shop), then the way to get in touch. `ids` are the
    sections' ids (`section_ids`)."""
    found: list[Action] = []
    forms = [(s.form, ids[i]) for i, s in enumerate(sections) if s.kind == "form"]
    stressed = {d.value for d in intent.directives if d.kind is DirectiveKind.EMPHASIS}
    forms.sort(key=lambda pair: pair[0].value not in stressed)
    for kind, anchor in forms:
        if kind in _FORM_ACTIONS:
            label = (
                "table" if kind is FormKind.BOOKING and theme == "bistro" else _FORM_ACTIONS[kind]
            )
            found.append(Action(f"#{anchor}", words[label]))
    kinds = {s.kind for s in sections}
    if theme == "launch" and "plans" in kinds:
        found.append(Action("#pricing", words["pricing"]))
    if theme == "market" and ("products" in kinds or "gallery" in kinds):
        anchor = (
            "gallery" if "gallery" in kinds else ids[[s.kind for s in sections].index("products")]
        )
        found.append(Action(f"#{anchor}", words["shop"]))
    if "contact" in kinds:
        found.append(Action("#contact", words["touch"]))
    return found[:3]


def stressed_phone(intent: Intent) -> PhoneLabel | None:
    """The kind of number the customer asked to stand out, if they have one."""
    for directive in intent.directives:
        if directive.kind is not DirectiveKind.EMPHASIS:
            continue
        label = (
            PhoneLabel.EMERGENCY
            if directive.value == "emergency_phone"
            else (PhoneLabel.MAIN if directive.value in ("phone", "booking_phone") else None)
        )
        if label and any(p.label is label for p in intent.contact.phones):
            return label
    return None


def description(sections: list[Section], fallback: str) -> str:
    """A page's meta description: its first paragraph, cut at a word near 155 characters."""
    for section in sections:
        text = " ".join(section.body.split())
        if text and section.kind != "hero":
            if len(text) <= 155:
                return text
            return text[:152].rsplit(" ", 1)[0] + "…"
    return fallback
