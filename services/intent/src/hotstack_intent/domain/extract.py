"""The deterministic, offline extractor: a brief's document + the prompt → intent and spec.

It reads as a careful assistant would: the brief's own structure (its headings, lists and
tables, whatever the format), every sentence judged as copy for visitors or an instruction
to us (instructions are followed, never published), facts parsed by the libraries made for
them (phones, emails, addresses, language), the archetype from a whole-word multilingual
lexicon and the brief's structure, and the prompt's wishes over the brief's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hotstack_contracts import Contact, Intent, Page, Section, SiteSpec, SiteType
from hotstack_contracts.document import Block, BlockKind, Document

from . import contacts, directives, language
from .archetype import classify, fold
from .directives import Directive, DirectiveKind
from .instructions import is_framing, is_instruction, sentences
from .names import business_name
from .palette import palette

EXTRACTOR_NAME = "rules"
MAX_SECTIONS = 30

# "Label: value" lines that feed the intent's fields rather than the page's copy.
_FIELD_LINE = re.compile(
    r"^\s*(?:business name|company name|name|business|company|organi[sz]ation|charity|"
    r"tagline|slogan|motto|e-?mail|phone|tel|telephone|mobile|fax|colou?rs?|palette|"
    r"audience|target audience|nombre|correo|tel[eé]fono|m[oó]vil|nom|courriel|t[eé]l[eé]phone|"
    r"portable|firmenname|telefon|handy)\s*[:\-\u2013\u2014]",
    re.I,
)
_TAGLINE = re.compile(
    r"^\s*(?:tagline|slogan|motto|lema|devise)\s*[:\-\u2013\u2014]\s*(.+)$", re.I | re.M
)
_AUDIENCE = re.compile(
    r"^\s*(?:audience|target audience|customers|p[uú]blico|public cible|zielgruppe)\s*"
    r"[:\-\u2013\u2014]\s*(.+)$",
    re.I | re.M,
)
_MENU_HEADING = re.compile(r"\b(?:menu|carta|carte|speisekarte|what we (?:bake|serve|cook))\b")
_PRICE = re.compile(r"(?:[£$€]\s?\d|\d(?:[.,]\d{2})?\s?(?:€|eur|usd|gbp)\b)", re.I)
_LEGAL_PERSON = re.compile(
    r"\b(?:esq\.?|attorney|solicitor|barrister|of counsel|managing partner|abogad[ao]|avocat|"
    r"rechtsanw[aä]lt(?:in)?)\b",
    re.I,
)
_CLINICIAN = re.compile(r"\b(?:dr\.?|dds|dmd|bds|mrcvs|physiotherapist|hygienist)\b", re.I)


@dataclass
class _Part:
    heading: str
    source: str
    framing: bool = False
    paragraphs: list[tuple[str, str]] = field(default_factory=list)  # (text, source)
    items: list[tuple[str, str]] = field(default_factory=list)
    priced: int = 0


@dataclass
class Reading:
    """Everything read from a brief, with where each piece came from."""

    title: str | None
    parts: list[_Part]
    instructions: list[tuple[str, str]]  # (sentence, source)
    passages: list[tuple[str, str]]  # every text of the brief, (text, source)
    directives: list[Directive] = field(default_factory=list)
    found_phones: list[contacts.Phone] = field(default_factory=list)

    @property
    def phones(self) -> list[str]:
        """Every number read, in E.164."""
        return [phone.e164 for phone in self.found_phones]

    @property
    def directive_keys(self) -> list[str]:
        """The directives as "kind:value"."""
        return [f"{d.kind.value}:{d.value}" for d in self.directives]


def _tidy(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text).strip()


def _copy_of(text: str, source: str, instructions: list[tuple[str, str]]) -> str:
    """The sentences of a text that are copy; the others go to `instructions`."""
    kept: list[str] = []
    for line in text.split("\n"):
        if _FIELD_LINE.match(line):
            if is_instruction(line):
                instructions.append((line.strip(), source))
            continue
        line_kept: list[str] = []
        for sentence in sentences(line):
            if is_instruction(sentence):
                instructions.append((sentence, source))
            else:
                line_kept.append(sentence)
        if line_kept:
            kept.append(" ".join(line_kept))
    return _joined(kept)


def _joined(lines: list[str]) -> str:
    """Lines of one paragraph: wrapped prose joins with spaces; short label lines stay lines."""
    if not lines:
        return ""
    out = lines[0]
    for line in lines[1:]:
        previous = out.rsplit("\n", 1)[-1]
        label_like = re.match(r"^[^:]{1,30}:\s", line) or len(previous) < 40
        out += ("\n" if label_like and not previous.endswith((",", "-")) else " ") + line
    return out


def read(document: Document) -> Reading:
    """The brief's parts (headed runs of copy) and its instructions."""
    blocks = list(document.blocks)
    title: str | None = None
    first_heading = next((i for i, b in enumerate(blocks) if b.kind is BlockKind.HEADING), None)
    if first_heading is not None:
        top = min(b.level for b in blocks if b.kind is BlockKind.HEADING)
        heading = blocks[first_heading]
        if (first_heading == 0 and heading.level == top) or (
            first_heading <= 2 and heading.level == 1
        ):
            title = blocks[first_heading].text
            blocks.pop(first_heading)
    instructions: list[tuple[str, str]] = []
    if title and is_framing(title):
        instructions.append((title, "title"))
    passages: list[tuple[str, str]] = [(title, "title")] if title else []
    parts = [_Part(heading="", source="")]
    framing_level = 0
    for block in blocks:
        passages.extend(_texts(block))
        if block.kind is BlockKind.HEADING:
            framing = is_framing(block.text) or is_instruction(block.text)
            if framing_level and block.level > framing_level:
                framing = True  # a sub-heading of "Notes for the designer"
            framing_level = block.level if framing and not framing_level else framing_level
            if not framing:
                framing_level = 0
            parts.append(_Part(heading=_tidy(block.text), source=block.source, framing=framing))
            if framing:
                instructions.append((block.text, block.source))
            continue
        part = parts[-1]
        if part.framing:
            instructions.extend((text, block.source) for text, _ in _texts(block))
            continue
        _take(block, part, instructions)
    return Reading(title, parts, instructions, passages)


def _texts(block: Block) -> list[tuple[str, str]]:
    if block.kind is BlockKind.LIST:
        return [(item, block.source) for item in block.items]
    if block.kind is BlockKind.TABLE:
        return [(" — ".join(cell for cell in row if cell), block.source) for row in block.rows]
    return [(block.text, block.source)] if block.text else []


def _take(block: Block, part: _Part, instructions: list[tuple[str, str]]) -> None:
    if block.kind is BlockKind.PARAGRAPH:
        copy = _copy_of(block.text, block.source, instructions)
        if copy:
            part.paragraphs.append((copy, block.source))
    elif block.kind in (BlockKind.LIST, BlockKind.TABLE):
        rows = (
            block.rows[1:] if block.kind is BlockKind.TABLE and len(block.rows) > 1 else block.rows
        )
        texts = (
            [" — ".join(c for c in row if c) for row in rows]
            if block.kind is BlockKind.TABLE
            else list(block.items)
        )
        for text in texts:
            copy = _copy_of(text, block.source, instructions)
            if copy:
                part.items.append((copy.replace("\n", " "), block.source))
                part.priced += bool(_PRICE.search(copy))


def _cues(reading: Reading) -> list[SiteType]:
    """Archetypes the brief's structure points to."""
    cues: list[SiteType] = []
    for part in reading.parts:
        if _MENU_HEADING.search(fold(part.heading)) and part.priced >= 2:
            cues.append(SiteType.RESTAURANT)
    people = " ".join(text for text, _ in reading.passages)
    if len(_LEGAL_PERSON.findall(people)) >= 2:
        cues.append(SiteType.PROFESSIONAL_FIRM)
    if len(_CLINICIAN.findall(people)) >= 2:
        cues.append(SiteType.HEALTH_CLINIC)
    return cues


_FEATURE_OF_FORM = {
    "contact": "contact_form",
    "booking": "booking",
    "donation": "donations",
    "waitlist": "waitlist",
    "consultation": "consultation_request",
    "registration": "registration",
}
_FEATURE_TOPICS = {
    "gallery": "gallery", "menu": "menu", "pricing": "pricing", "faq": "faq",
    "testimonials": "testimonials", "donations": "donations",
}  # fmt: skip


def _features(
    reading: Reading, wishes: list[Directive], site_type: SiteType, content: str, prompt: str
) -> list[str]:
    found = {"contact_form"}
    headings = " ".join(fold(p.heading) for p in reading.parts)
    for topic, feature in _FEATURE_TOPICS.items():
        pattern = directives.TOPICS[topic]
        if re.search(rf"\b(?:{pattern})\b", headings):
            found.add(feature)
    request = fold(content + " " + prompt)
    if re.search(r"\b(?:book(?:ing)? (?:a|an|online|your)|appointments?|reservations?|reserve a|"
                 r"reservas?|citas?|rendez-vous|termin buchen)\b", request):  # fmt: skip
        found.add("booking")
    if re.search(r"\b(?:donat\w*|donativos?|spenden)\b", request):
        found.add("donations")
    if site_type is SiteType.RESTAURANT:
        found.add("menu")
    for wish in wishes:
        if wish.kind is DirectiveKind.FORM:
            found.add(_FEATURE_OF_FORM[wish.value])
        elif wish.kind in (DirectiveKind.INCLUDE, DirectiveKind.PAGE):
            topical = _FEATURE_TOPICS.get(wish.value)
            if topical:
                found.add(topical)
    for wish in wishes:
        if wish.kind is DirectiveKind.EXCLUDE:
            found.discard(_FEATURE_TOPICS.get(wish.value, wish.value))
    # Testimonials only where the brief gives some.
    if "testimonials" in found and not any(
        re.search(rf"\b(?:{directives.TOPICS['testimonials']})\b", fold(p.heading))
        for p in reading.parts
    ):
        found.discard("testimonials")
    return sorted(found)


def _excluded(part: _Part, wishes: list[Directive]) -> bool:
    topic = directives.topic_of(part.heading) if part.heading else None
    return any(w.kind is DirectiveKind.EXCLUDE and w.value == topic for w in wishes)


def extract(document: Document, prompt: str) -> tuple[Intent, SiteSpec]:
    """Derive intent and spec from a brief's document and the tenant's prompt."""
    intent, spec, _ = extract_reading(document, prompt)
    return intent, spec


def extract_reading(document: Document, prompt: str) -> tuple[Intent, SiteSpec, Reading]:
    """As `extract`, with the reading it came from (parts, instructions, directives)."""
    reading = read(document)
    content = "\n".join(
        [p.heading for p in reading.parts]
        + [t for p in reading.parts for t, _ in (*p.paragraphs, *p.items)]
    )
    everything = "\n".join(text for text, _ in reading.passages)
    brief_language = language.detect(content, leaning=language.detect(prompt)) or "en"
    brief_wishes = [
        d for text, source in reading.instructions for d in directives.read(text, source)
    ]
    prompt_wishes = directives.read(prompt, "prompt")
    wishes = directives.merge(brief_wishes, prompt_wishes)
    asked_language = next((w.value for w in wishes if w.kind is DirectiveKind.LANGUAGE), None)
    site_language = asked_language or brief_language

    site_type = classify(content, prompt, _cues(reading))
    openings = [text for p in reading.parts for text, _ in p.paragraphs][:4]
    name, _ = business_name(reading.title, openings, everything, prompt)
    name = name or _fallback_name(prompt, everything)

    phones = contacts.phones(reading.passages, brief_language, everything)
    emails = contacts.emails(reading.passages)
    addresses = contacts.addresses(reading.passages, brief_language)
    reading.directives, reading.found_phones = wishes, phones
    main_phone = next((p for p in phones if p.label == "main"), phones[0] if phones else None)

    tagline_line = _TAGLINE.search(everything)
    first_copy = next((t for p in reading.parts for t, _ in p.paragraphs), "")
    tagline = _clean(
        tagline_line.group(1) if tagline_line else (sentences(first_copy) or [""])[0], 300
    )
    audience = _AUDIENCE.search(everything)
    colour_wishes = [w.value for w in wishes if w.kind is DirectiveKind.COLOURS]
    intent = Intent(
        site_type=site_type,
        business_name=name,
        tagline=tagline,
        audience=_clean(audience.group(1), 300) if audience else "",
        tone="warm"
        if site_type
        in (
            SiteType.ANIMAL_SHELTER,
            SiteType.NONPROFIT,
            SiteType.RESTAURANT,
            SiteType.COMMUNITY_GROUP,
        )
        else "professional",
        features=_features(reading, wishes, site_type, content, prompt),
        palette=palette(site_type, colour_wishes),
        contact=Contact(
            email=emails[0][0] if emails else None,
            phone=main_phone.display if main_phone else None,
            address=addresses[0].text[:512] if addresses else None,
        ),
    )
    spec = _spec(reading, intent, wishes, site_language, phones, emails, addresses)
    return intent, spec, reading


def _fallback_name(prompt: str, text: str) -> str:
    """A name when the brief gives none: the first few words of its first line."""
    first = next((line for line in text.split("\n") if line.strip()), prompt)
    words = _clean(first, 60).split()[:6]
    return " ".join(words) or "My Site"


def _clean(text: str, limit: int) -> str:
    text = re.sub(r"[*_`]+", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:limit].rstrip()


def _spec(
    reading: Reading,
    intent: Intent,
    wishes: list[Directive],
    site_language: str,
    phones: list[contacts.Phone],
    emails: list[tuple[str, str]],
    addresses: list[contacts.Address],
) -> SiteSpec:
    hero = Section(kind="hero", heading=intent.business_name, body=intent.tagline)
    sections: list[tuple[str | None, Section]] = []
    contact_items = [
        *(f"{_phone_label(p.label)}{p.display}" for p in phones[:4]),
        *(email for email, _ in emails[:2]),
        *(address.text for address in addresses[:2]),
    ]
    contact_done = False
    for part in reading.parts:
        if part.framing or _excluded(part, wishes):
            continue
        paragraphs = [_clean_paragraph(t) for t, _ in part.paragraphs]
        if paragraphs and not part.heading and paragraphs[0].startswith(intent.tagline):
            rest = paragraphs[0][len(intent.tagline) :].strip()
            paragraphs = ([rest] if rest else []) + paragraphs[1:]
        items = [_clean(t, 300) for t, _ in part.items]
        topic = directives.topic_of(part.heading) if part.heading else None
        if topic == "contact" or re.search(
            r"\b(?:contact|kontakt|contacto|find us)\b", fold(part.heading)
        ):
            body = "\n\n".join(p for p in paragraphs if not _only_contacts(p, contact_items))
            items = items or contact_items
            section = Section(
                kind="contact", heading=part.heading, body=body[:20_000], items=items[:50]
            )
            sections.append((topic, section))
            contact_done = True
            continue
        body = "\n\n".join(p for p in paragraphs if p)
        if not body and not items:
            continue
        heading = part.heading or _about(site_language)
        kind = "list" if items else "text"
        sections.append(
            (topic, Section(kind=kind, heading=heading[:200], body=body[:20_000], items=items[:50]))
        )
    if contact_items and not contact_done:
        sections.append(
            (
                "contact",
                Section(kind="contact", heading=_contact(site_language), items=contact_items),
            )
        )
    own_pages = [w.value for w in wishes if w.kind is DirectiveKind.PAGE]
    home = [hero] + [s for topic, s in sections if topic not in own_pages or s.kind == "contact"]
    pages = [Page(slug="index", title=intent.business_name, sections=home[:MAX_SECTIONS])]
    for topic in dict.fromkeys(own_pages):
        chosen = [s for t, s in sections if t == topic and s.kind != "contact"]
        if chosen:
            pages.append(Page(slug=topic, title=chosen[0].heading, sections=chosen[:MAX_SECTIONS]))
    return SiteSpec(language=site_language, pages=pages)


def _only_contacts(paragraph: str, items: list[str]) -> bool:
    rest = paragraph
    for item in items:
        rest = rest.replace(item, " ")
    return not re.search(
        r"[^\W\d_]{4,}", re.sub(r"\b(?:phone|tel|email|e-mail|address)\b", "", rest, flags=re.I)
    )


def _clean_paragraph(text: str) -> str:
    return "\n".join(_clean(line, 5000) for line in text.split("\n") if line.strip())


_WORDS = {
    "about": {"en": "About us", "es": "Quiénes somos", "fr": "À propos", "de": "Über uns"},
    "contact": {"en": "Contact", "es": "Contacto", "fr": "Contact", "de": "Kontakt"},
}
_PHONE_LABELS = {
    "main": "",
    "office": "Office: ",
    "emergency": "Emergency: ",
    "mobile": "Mobile: ",
    "fax": "Fax: ",
}


def _about(code: str) -> str:
    return _WORDS["about"].get(code, _WORDS["about"]["en"])


def _contact(code: str) -> str:
    return _WORDS["contact"].get(code, _WORDS["contact"]["en"])


def _phone_label(label: str) -> str:
    return _PHONE_LABELS.get(label, "")
