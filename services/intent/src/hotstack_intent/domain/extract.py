"""The deterministic, offline extractor: brief + prompt → intent and site spec."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hotstack_contracts import (
    Contact,
    Intent,
    Page,
    Palette,
    Section,
    SiteSpec,
    SiteType,
)

EXTRACTOR_NAME = "rules"

_KEYWORDS: dict[SiteType, tuple[str, ...]] = {
    SiteType.ANIMAL_SHELTER: ("adopt", "shelter", "rescue", "pet", "dog", "cat", "puppy", "kitten"),
    SiteType.RESTAURANT: (
        "restaurant",
        "café",
        "cafe",
        "menu",
        "dish",
        "chef",
        "bistro",
        "coffee",
        "bakery",
    ),
    SiteType.PORTFOLIO: ("portfolio", "photograph", "designer", "illustrat", "my work", "artist"),
    SiteType.LOCAL_SERVICES: (
        "plumb",
        "electric",
        "repair",
        "cleaning",
        "landscap",
        "salon",
        "clinic",
    ),
    SiteType.EVENT: ("event", "festival", "conference", "wedding", "tickets", "schedule", "rsvp"),
    SiteType.NONPROFIT: ("nonprofit", "non-profit", "charity", "donat", "volunteer", "mission"),
    SiteType.SHOP: ("shop", "store", "product catalogue", "catalog", "buy", "handmade"),
    SiteType.BLOG: ("blog", "posts", "journal", "writing", "articles"),
    SiteType.PRODUCT: ("saas", "app", "platform", "startup", "sign up", "pricing", "software"),
}

_PALETTES: dict[SiteType, Palette] = {
    SiteType.ANIMAL_SHELTER: Palette(
        primary="#2f6f4f", accent="#b4541a", background="#fffaf3", text="#1f2421"
    ),
    SiteType.RESTAURANT: Palette(
        primary="#7a2e1f", accent="#9a6b00", background="#fdf8f2", text="#231a16"
    ),
    SiteType.PORTFOLIO: Palette(
        primary="#222222", accent="#0b5fa5", background="#ffffff", text="#1a1a1a"
    ),
    SiteType.LOCAL_SERVICES: Palette(
        primary="#0d4a7a", accent="#b34700", background="#f7f9fb", text="#15202b"
    ),
    SiteType.EVENT: Palette(
        primary="#4b2a83", accent="#a3195b", background="#fbf9ff", text="#1d1530"
    ),
    SiteType.NONPROFIT: Palette(
        primary="#1d5c63", accent="#a84300", background="#f9fbfb", text="#14282a"
    ),
    SiteType.SHOP: Palette(
        primary="#2d3142", accent="#b5179e", background="#ffffff", text="#1c1e26"
    ),
    SiteType.BLOG: Palette(
        primary="#33415c", accent="#9d0208", background="#fffdf8", text="#22252b"
    ),
    SiteType.PRODUCT: Palette(
        primary="#3a0ca3", accent="#0b7a75", background="#ffffff", text="#14121f"
    ),
    SiteType.GENERAL: Palette(
        primary="#264653", accent="#9c3d10", background="#ffffff", text="#1b1f22"
    ),
}

_FEATURES: dict[str, tuple[str, ...]] = {
    "contact_form": ("contact", "get in touch", "enquir", "inquir"),
    "gallery": ("gallery", "photos", "pictures", "portfolio"),
    "booking": ("book", "appointment", "reservation", "reserve"),
    "donations": ("donat", "support us", "give"),
    "menu": ("menu", "dishes"),
    "pricing": ("pricing", "price", "plans"),
    "faq": ("faq", "questions"),
    "testimonials": ("testimonial", "reviews", "what people say"),
}

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE = re.compile(r"(?:\+?\d[\d ()-]{7,}\d)")
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
_NAME_LINE = re.compile(
    r"^(?:business|company|organi[sz]ation|shop|site)?\s*name\s*[:\-]\s*(.+)$", re.I | re.M
)
_ADDRESS_LINE = re.compile(r"^(?:address|location|visit us at)\s*[:\-]\s*(.+)$", re.I | re.M)
_TAGLINE_LINE = re.compile(r"^(?:tagline|slogan|motto)\s*[:\-]\s*(.+)$", re.I | re.M)
_AUDIENCE_LINE = re.compile(
    r"^(?:audience|for|customers|target audience)\s*[:\-]\s*(.+)$", re.I | re.M
)
# "Label: value" lines feed intent fields, not page copy.
_LABELLED = re.compile(
    r"^\s*(?:business name|company name|name|tagline|slogan|motto|address|location|e-?mail|"
    r"phone|tel|telephone|colou?rs?|palette|audience|target audience)\s*:",
    re.I,
)
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+(.+)$")


@dataclass
class _Block:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


def _clean(text: str, limit: int) -> str:
    text = re.sub(r"[*_`]+", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:limit].rstrip()


def _blocks(text: str) -> tuple[str | None, list[_Block]]:
    title: str | None = None
    blocks: list[_Block] = [_Block(heading="")]
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks[-1].paragraphs.append(" ".join(paragraph))
            paragraph.clear()

    for line in text.split("\n"):
        heading = _HEADING.match(line)
        bullet = _BULLET.match(line)
        if heading:
            flush()
            level, content = len(heading.group(1)), _clean(heading.group(2), 200)
            if level == 1 and title is None:
                title = content
            else:
                blocks.append(_Block(heading=content))
        elif bullet:
            flush()
            blocks[-1].items.append(_clean(bullet.group(1), 300))
        elif _LABELLED.match(line):
            flush()
        elif line.strip():
            paragraph.append(line.strip())
        else:
            flush()
    flush()
    return title, [b for b in blocks if b.heading or b.paragraphs or b.items]


def classify(text: str, prompt: str) -> SiteType:
    """Archetype by keyword score; the prompt counts three times as much as the brief."""
    brief, asked = text.lower(), prompt.lower()
    scores = {
        site_type: sum(brief.count(word) + 3 * asked.count(word) for word in words)
        for site_type, words in _KEYWORDS.items()
    }
    best = max(scores, key=lambda site_type: scores[site_type])
    return best if scores[best] > 0 else SiteType.GENERAL


def _business_name(text: str, prompt: str, title: str | None) -> str:
    labelled = _NAME_LINE.search(text)
    if labelled:
        return _clean(labelled.group(1), 120)
    called = re.search(
        r"\b(?:called|named|for)\s+[\"“']?([A-Z][\w'&.-]*(?:\s+[A-Z][\w'&.-]*){0,5})", prompt
    )
    if called:
        return _clean(called.group(1), 120)
    if title:
        return _clean(title, 120)
    first = next((line for line in text.split("\n") if line.strip()), "My Site")
    return _clean(first, 60) or "My Site"


def _palette(text: str, site_type: SiteType) -> Palette:
    base = _PALETTES[site_type]
    colours = [c.lower() for c in HEX.findall(text)]
    if not colours:
        return base
    return base.model_copy(
        update={"primary": colours[0], "accent": colours[1] if len(colours) > 1 else base.accent}
    )


def _features(text: str, site_type: SiteType) -> list[str]:
    lowered = text.lower()
    found = [name for name, words in _FEATURES.items() if any(w in lowered for w in words)]
    if "contact_form" not in found:
        found.append("contact_form")
    if site_type is SiteType.RESTAURANT and "menu" not in found:
        found.append("menu")
    return sorted(found)


def extract(text: str, prompt: str) -> tuple[Intent, SiteSpec]:
    """Derive intent and spec from a brief's text and the tenant's prompt."""
    title, blocks = _blocks(text)
    site_type = classify(text, prompt)
    name = _business_name(text, prompt, title)
    intro = next((p for b in blocks for p in b.paragraphs if not _NAME_LINE.match(p)), "")
    tagline_match = _TAGLINE_LINE.search(text)
    tagline = _clean(
        tagline_match.group(1) if tagline_match else re.split(r"(?<=[.!?])\s", intro)[0], 300
    )
    audience_match = _AUDIENCE_LINE.search(text)
    email = EMAIL.search(text)
    phone = PHONE.search(text)
    address = _ADDRESS_LINE.search(text)
    contact = Contact(
        email=email.group(0) if email else None,
        phone=_clean(phone.group(0), 64) if phone else None,
        address=_clean(address.group(1), 512) if address else None,
    )
    intent = Intent(
        site_type=site_type,
        business_name=name,
        tagline=tagline,
        audience=_clean(audience_match.group(1), 300) if audience_match else "",
        tone="warm"
        if site_type in (SiteType.ANIMAL_SHELTER, SiteType.NONPROFIT, SiteType.RESTAURANT)
        else "professional",
        features=_features(text + " " + prompt, site_type),
        palette=_palette(text, site_type),
        contact=contact,
    )
    sections = [Section(kind="hero", heading=name, body=tagline)]
    for block in blocks:
        body = "\n\n".join(_clean(p, 5000) for p in block.paragraphs if not _NAME_LINE.match(p))
        if not block.heading and not block.items and body == tagline:
            continue
        sections.append(
            Section(
                kind="list" if block.items else "text",
                heading=block.heading or "About us",
                body=body,
                items=block.items[:50],
            )
        )
    if any(contact.model_dump().values()):
        items = [value for value in (contact.email, contact.phone, contact.address) if value]
        sections.append(Section(kind="contact", heading="Contact", body="", items=items))
    spec = SiteSpec(pages=[Page(slug="index", title=name, sections=sections[:30])])
    return intent, spec
