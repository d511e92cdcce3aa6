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
from hotstack_contracts.colour import readable_on

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
        "physio",
        "electrician",
        "plumber",
        "quote",
        "call-out",
    ),
    SiteType.EVENT: ("event", "festival", "conference", "wedding", "tickets", "schedule", "rsvp"),
    SiteType.NONPROFIT: ("nonprofit", "non-profit", "charity", "donat", "volunteer", "mission"),
    SiteType.SHOP: (
        "shop",
        "store",
        "product catalogue",
        "catalog",
        "buy",
        "handmade",
        "shipping",
        "order",
        "sell",
    ),
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
    "booking": (
        "booking",
        "book a ",
        "book an ",
        "book online",
        "appointment",
        "reservation",
        "reserve a",
    ),
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
    r"^(?:(?:business|company|organi[sz]ation|shop|site|charity)\s*name|name|business|company|"
    r"organi[sz]ation|charity)\s*:\s*(.+)$",
    re.I | re.M,
)
_ADDRESS_LINE = re.compile(r"^(?:address|location|visit us at)\s*[:\-]\s*(.+)$", re.I | re.M)
_TAGLINE_LINE = re.compile(r"^(?:tagline|slogan|motto)\s*[:\-]\s*(.+)$", re.I | re.M)
_AUDIENCE_LINE = re.compile(
    r"^(?:audience|for|customers|target audience)\s*[:\-]\s*(.+)$", re.I | re.M
)
# "Label: value" lines feed intent fields, not page copy.
_LABELLED = re.compile(
    r"^\s*(?:business name|company name|name|business|company|organi[sz]ation|charity|"
    r"tagline|slogan|motto|address|location|e-?mail|contact|"
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


_SETEXT = re.compile(r"^([^\n#>*+\-].*)\n(=+|-+)[ \t]*$", re.M)


def _atx(text: str) -> str:
    """Setext headings ("Title" over "=====" or "-----") as "# Title" / "## Title"."""
    return _SETEXT.sub(lambda m: ("# " if m.group(2)[0] == "=" else "## ") + m.group(1), text)


def _blocks(text: str) -> tuple[str | None, list[_Block]]:
    text = _atx(text)
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


_NEGATED = re.compile(
    r"\b(?:not|no|rather than|instead of)\s+(?:an?\s+|the\s+)?[\w\-\u00c0-\u024f]+(?:\s+site)?",
    re.I,
)


_SPLIT = re.compile(r"\b(?:about|for|with|of)\b", re.I)


def _scores(text: str) -> dict[SiteType, int]:
    lowered = text.lower()
    return {
        site_type: sum(lowered.count(word) for word in words)
        for site_type, words in _KEYWORDS.items()
    }


def classify(text: str, prompt: str) -> SiteType:
    """Archetype by keyword score. The prompt wins: when it names an archetype, the brief
    only breaks ties; "not a café site" in a prompt counts against nothing."""
    request = _NEGATED.sub(" ", prompt)
    # "A blog about our bakery": what comes before about/for/with names the site.
    head, *rest = _SPLIT.split(request, maxsplit=1)
    tail = rest[0] if rest else ""
    head_scores, tail_scores = _scores(head), _scores(tail)
    asked = {t: 2 * head_scores[t] + tail_scores[t] for t in _KEYWORDS}
    brief = _scores(text)
    ranked = sorted(_KEYWORDS, key=lambda t: (asked[t], brief[t]), reverse=True)
    best = ranked[0]
    return best if asked[best] or brief[best] else SiteType.GENERAL


_GENERIC_WORDS = re.compile(
    r"\b(?:brief|website|web|site|proposal|draft|notes|requirements|untitled|for|new|our|my|"
    r"a|the|v\d+)\b|[^\w\s]",
    re.I,
)


def _generic(title: str) -> bool:
    """Whether a title says nothing but "website brief" and the like."""
    return not _GENERIC_WORDS.sub(" ", title).strip()


_NAME_WORD = r"[A-Z\u00c0-\u00de][\w'\u2019.\-\u00c0-\u024f]*"
_CONNECTOR = r"(?:&|and|of|the|de|la|le|du|von|van|y|e|\+)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_CONNECTOR}\s+)?{_NAME_WORD}){{0,5}}"
_SUBJECT = re.compile(rf"^(?:welcome to\s+|we are\s+)?({_NAME})\s+(?:is|are)\s+(?:an?|the|our)\b")
_LEAD = re.compile(rf"^({_NAME})\s*(?:[\u2014\u2013|:]|\s-\s)")
_CALLED = re.compile(rf"\b(?:called|named|for)\s+[\"“']?({_NAME})")


def _restore_case(name: str, text: str) -> str:
    """An all-caps heading, in the case the brief writes the name elsewhere."""
    if not name.isupper():
        return name
    for match in re.finditer(re.escape(name), text, re.I):
        if not match.group(0).isupper():
            return match.group(0)
    return name.title()


def _business_name(text: str, prompt: str, title: str | None) -> str:
    """The name, from (in order): a labelled line, the prompt ("called X"), the title,
    the first line's "X is a …" or "X — …", or the first line itself."""
    labelled = _NAME_LINE.search(text)
    if labelled:
        return _clean(labelled.group(1), 120)
    called = _CALLED.search(prompt)
    if called and called.group(1).lower() in text.lower():  # named in both: trust it
        return _clean(called.group(1), 120)
    if title and not _generic(title):
        return _restore_case(_clean(title, 120), text)
    lines = [
        _clean(line, 300)
        for line in text.split("\n")
        if line.strip() and not _HEADING.match(line) and not _generic(line)
    ]
    for line in lines[:3]:
        found = _SUBJECT.match(line)
        if found:
            return _restore_case(found.group(1), text)
    lead = _LEAD.match(lines[0]) if lines else None
    if lead:
        return _restore_case(lead.group(1), text)
    first = _clean(lines[0], 60) if lines else ""
    return _restore_case(first, text) or "My Site"


NAMED_COLOURS: dict[str, str] = {
    "forest green": "#228b22", "sage green": "#87a96b", "sage": "#87a96b", "olive": "#6b8e23",
    "mint": "#98d8b1", "emerald": "#1f8a5b", "green": "#2e7d32", "teal": "#008080",
    "turquoise": "#30b5b0", "sky blue": "#87ceeb", "navy blue": "#1f3a5f", "navy": "#1f3a5f",
    "royal blue": "#4169e1", "blue": "#1f5fbf", "indigo": "#4b0082", "lavender": "#b57edc",
    "purple": "#6a1b9a", "plum": "#8e4585", "burgundy": "#800020", "maroon": "#800000",
    "wine": "#722f37", "red": "#c0392b", "coral": "#ff7f50", "pink": "#e75480",
    "terracotta": "#c65d3b", "rust": "#b7410e", "orange": "#e67e22", "mustard": "#d4a017",
    "gold": "#d4af37", "yellow": "#f4d03f", "brown": "#7b4a2d", "chocolate": "#5c3a21",
    "charcoal": "#36454f", "slate": "#4a5a6a", "grey": "#6b6b6b", "gray": "#6b6b6b",
    "black": "#111111", "cream": "#fffdd0", "ivory": "#fffff0", "sand": "#f4e9d8",
    "beige": "#f5f0e1", "white": "#ffffff",
}  # fmt: skip
_LIGHT = {"cream", "ivory", "sand", "beige", "white"}
_COLOUR_LINE = re.compile(r"colou?rs?|palette|brand|theme|shades?", re.I)
_COLOUR_NAME = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, NAMED_COLOURS), key=len, reverse=True)) + r")\b",
    re.I,
)


def _named_colours(text: str) -> list[tuple[str, str]]:
    """(name, hex) of colours named on lines that talk about colour, in order."""
    found: list[tuple[str, str]] = []
    for line in text.split("\n"):
        if not _COLOUR_LINE.search(line):
            continue
        for match in _COLOUR_NAME.finditer(line):
            name = match.group(1).lower()
            if name not in (n for n, _ in found):
                found.append((name, NAMED_COLOURS[name]))
    return found


def _palette(text: str, site_type: SiteType) -> Palette:
    """The archetype's palette with the brief's colours (hex codes first, then colour names
    on lines about colour) swapped in, then made readable: text, primary and accent each
    reach 4.5:1 against the background."""
    base = _PALETTES[site_type]
    background = base.background
    brand: list[str] = [c.lower() for c in HEX.findall(text)]
    for name, value in _named_colours(text):
        if name in _LIGHT:
            background = value
        else:
            brand.append(value)
    primary = brand[0] if brand else base.primary
    accent = brand[1] if len(brand) > 1 else base.accent
    return Palette(
        primary=readable_on(primary, background),
        accent=readable_on(accent, background),
        background=background,
        text=readable_on(base.text, background, 7.0),
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
