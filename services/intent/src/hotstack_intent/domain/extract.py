"""The deterministic, offline extractor: a brief's document + the prompt → intent and spec.

It reads as a careful assistant would: the brief's own structure (its headings, lists and
tables, whatever the format), every sentence judged as copy for visitors or an instruction
to us (instructions are followed, never published), facts parsed by the libraries made for
them (phones, emails, addresses, language), the archetype from a whole-word multilingual
lexicon and the brief's structure, and the prompt's wishes over the brief's.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from hotstack_contracts import (
    Contact,
    ContactSection,
    Fact,
    FormKind,
    HeroSection,
    HoursSection,
    Intent,
    MenuSection,
    Opening,
    Page,
    Phone,
    PhoneLabel,
    PlansSection,
    PostalAddress,
    ProductsSection,
    ScheduleEntry,
    Section,
    ServicesSection,
    SiteSpec,
    SiteType,
    Source,
    standard_form,
)
from hotstack_contracts.document import Document

from . import contacts, copyedit, directives, hours, language
from .archetype import classify, fold
from .directives import Directive, DirectiveKind
from .instructions import sentences
from .names import business_name, proper_case
from .palette import palette
from .reading import Part, Reading, read
from .sections import Context, images_of, plain, typed, when

EXTRACTOR_NAME = "rules"
MAX_SECTIONS = 30

_TAGLINE = re.compile(
    r"^\s*(?:tagline|slogan|motto|lema|devise)\s*[:\-\u2013\u2014]\s*(.+)$", re.I | re.M
)
_AUDIENCE = re.compile(
    r"^\s*(?:audience|target audience|customers|p[uú]blico|public cible|zielgruppe)\s*"
    r"[:\-\u2013\u2014]\s*(.+)$",
    re.I | re.M,
)
_MENU_HEADING = re.compile(r"\b(?:menu|carta|carte|speisekarte|what we (?:bake|serve|cook))\b")
_LEGAL_PERSON = re.compile(
    r"\b(?:esq\.?|attorney|solicitor|barrister|of counsel|managing partner|abogad[ao]|avocat|"
    r"rechtsanw[aä]lt(?:in)?)\b",
    re.I,
)
_CLINICIAN = re.compile(r"\b(?:dr\.?|dds|dmd|bds|mrcvs|physiotherapist|hygienist)\b", re.I)


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
    if re.search(
        r"\b(?:book(?:ing)? (?:a|an|online|your)|appointments?|reservations?|reserve a|"
        r"reservas?|citas?|rendez-vous|termin buchen)\b",
        request,
    ):
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


def _excluded(part: Part, wishes: list[Directive]) -> bool:
    topic = directives.topic_of(part.heading) if part.heading else None
    return any(w.kind is DirectiveKind.EXCLUDE and w.value == topic for w in wishes)


def extract(document: Document, prompt: str, today: date | None = None) -> tuple[Intent, SiteSpec]:
    """Derive intent and spec from a brief's document and the tenant's prompt; `today`
    dates entries written without a year (the next such day after it)."""
    intent, spec, _ = extract_reading(document, prompt, today)
    return intent, spec


def extract_reading(
    document: Document, prompt: str, today: date | None = None
) -> tuple[Intent, SiteSpec, Reading]:
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
    asked_language = next((w for w in wishes if w.kind is DirectiveKind.LANGUAGE), None)
    site_language = asked_language.value if asked_language else brief_language

    site_type = classify(content, prompt, _cues(reading))
    openings = [text for p in reading.parts for text, _ in p.paragraphs][:4]
    name, name_from = business_name(reading.title, openings, everything, prompt)
    name = name or _fallback_name(prompt, everything)
    if name.islower():  # a name typed without capitals ("gran's jam kitchen")
        name = proper_case(name)

    phones = contacts.phones(reading.passages, brief_language, everything)
    emails = contacts.emails(reading.passages)
    addresses = contacts.addresses(reading.passages, brief_language)
    reading.directives, reading.found_phones = wishes, phones

    casual = copyedit.typed_in_lower_case(content)
    tagline_line = _TAGLINE.search(everything)
    first_copy = next((t for p in reading.parts for t, _ in p.paragraphs), "")
    opening = next((s for s in sentences(first_copy) if not copyedit.is_greeting(s)), "")
    tagline = _clean(
        tagline_line.group(1) if tagline_line else copyedit.tagline(opening, name), 300
    )
    if casual:
        tagline = copyedit.sentence_case(tagline, brief_language, casual=True)
    audience = _AUDIENCE.search(everything)
    colour_wishes = [w.value for w in wishes if w.kind is DirectiveKind.COLOURS]
    contact = Contact(
        phones=[Phone(number=p.e164, display=p.display, label=PhoneLabel(p.label)) for p in phones][
            :8
        ],
        emails=[email for email, _ in emails][:8],
        addresses=[_postal(a) for a in addresses][:4],
    )
    region = phones[0].region if phones else contacts.regions(everything, brief_language)[0]
    context = Context(
        language=site_language, region=region, site_type=site_type, today=today or date.today()
    )
    typed = _typed_parts(
        reading, wishes, context, name if casual else None, [a.text for a in addresses]
    )
    facts = [
        _fact("business_name", name, name_from, reading, prompt),
        *(_fact("phone", p.e164, p.source, reading, prompt, p.display) for p in phones),
        *(_fact("email", email, at, reading, prompt, email) for email, at in emails),
        *(_fact("address", a.text, a.source, reading, prompt, a.text) for a in addresses),
        Fact(
            name="language",
            value=site_language,
            source=asked_language.source
            if asked_language
            else Source(origin="brief", text=f"detected: {brief_language}"),
        ),
        *(fact for _, _, found in typed for fact in found),
    ]
    if tagline:
        facts.insert(1, _fact("tagline", tagline, "", reading, prompt, tagline))
    intent = Intent(
        site_type=site_type,
        business_name=name,
        tagline=tagline,
        audience=_clean(audience.group(1), 300) if audience else "",
        tone="warm" if site_type in _WARM else "professional",
        features=_features(reading, wishes, site_type, content, prompt),
        palette=palette(site_type, colour_wishes),
        contact=contact,
        directives=wishes[:100],
        facts=facts[:300],
    )
    # An event's date, time and venue belong in its hero, as its opening gives them.
    moment = None
    if site_type is SiteType.EVENT:
        early = [t for p in reading.parts[:3] for t, _ in p.paragraphs]
        moment = next(
            (m for t in early if (m := when(t, name, brief_language, context.today))), None
        )
    spec = _spec(intent, typed, wishes, site_language, "" if tagline_line else opening, moment)
    return intent, spec, reading


_WARM = (SiteType.ANIMAL_SHELTER, SiteType.NONPROFIT, SiteType.RESTAURANT, SiteType.COMMUNITY_GROUP)


def _postal(address: contacts.Address) -> PostalAddress:
    lines = [line.strip() for line in re.split(r",\s*|\n", address.text) if line.strip()]
    return PostalAddress(
        lines=[line[:200] for line in lines][:8] or [address.text[:200]],
        country=address.country or None,
        label=address.label,
    )


def _fact(
    name: str, value: str, at: str, reading: Reading, prompt: str, needle: str | None = None
) -> Fact:
    """A fact with its source: the prompt, or the brief block it was read from (the block at
    `at` holding `needle`, else any block holding it, else the block at `at`)."""
    if at == "prompt":
        return Fact(name=name, value=value[:500], source=Source(origin="prompt", text=prompt[:500]))
    needle = (needle or value).lower()
    holding = [(t, s) for t, s in reading.passages if needle in t.lower()]
    text, block = next(
        iter(
            [(t, s) for t, s in holding if s == at]
            or holding
            or [(t, s) for t, s in reading.passages if s == at]
            or [(value, at)]
        )
    )
    return Fact(
        name=name, value=value[:500], source=Source(origin="brief", at=block[:60], text=text[:500])
    )


def _fallback_name(prompt: str, text: str) -> str:
    """A name when the brief gives none: the first few words of its first line."""
    first = next((line for line in text.split("\n") if line.strip()), prompt)
    words = _clean(first, 60).split()[:6]
    return " ".join(words) or "My Site"


def _clean(text: str, limit: int) -> str:
    text = re.sub(r"[*_`]+", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:limit].rstrip()


# A heading naming contact ("Visit us", "Our locations") even where it names another topic
# first ("Map and contact").
_CONTACT_HEADING = re.compile(rf"\b(?:{directives.TOPICS['contact']})\b")


def _typed_parts(
    reading: Reading,
    wishes: list[Directive],
    context: Context,
    casual_name: str | None,
    known_addresses: list[str],
) -> list[tuple[str | None, Section, list[Fact]]]:
    """Each part that is copy, as (topic, typed section, facts); the contact part as a
    contact section holding what it says beyond the parsed details. A brief typed in lower
    case (`casual_name` is then the business's name) gets its capitals."""
    out: list[tuple[str | None, Section, list[Fact]]] = []

    def edited(text: str) -> str:
        if casual_name is None:
            return text
        text = copyedit.sentence_case(text, context.language, casual=True)
        return re.sub(re.escape(casual_name), casual_name, text, flags=re.I)

    for part in reading.parts:
        if part.framing or _excluded(part, wishes):
            continue
        part = replace(
            part,
            heading=copyedit.heading_case(edited(part.heading)),
            paragraphs=[(edited(_clean_paragraph(t)), at) for t, at in part.paragraphs],
            items=[(edited(_clean(t, 1000)), at) for t, at in part.items],
        )
        topic = directives.topic_of(part.heading) if part.heading else INTRO
        if _CONTACT_HEADING.search(fold(part.heading)):
            out.append(("contact", _contact_section(part, known_addresses), []))
            continue
        # A stray "hello@…, (555) 010-2000" line outside the contact part: the contact
        # section shows it, parsed.
        part.paragraphs = [
            (kept, at)
            for text, at in part.paragraphs
            if (kept := _without_contact_lines(text, known_addresses))
        ]
        week = None
        if topic != "hours":
            part, week = _hours_lines(part, context)
        if part.paragraphs or part.items or part.images:
            found = typed(part, topic, context) if part.heading else None
            if found is not None:
                section, facts = found.section, found.facts
            else:
                section, facts = plain(part, part.heading or _about(context.language)), []
            if part.images and not section.images:  # a photo beside the copy it illustrates
                section = section.model_copy(update={"images": images_of(part)})
            out.append((topic, section, facts))
        if week is not None:
            out.append(("hours", week, []))
    return out


def _without_contact_lines(text: str, addresses: list[str]) -> str:
    """A paragraph less its lines of bare contact details and its address lines (the
    contact section shows those, parsed)."""
    kept = [
        line
        for line in text.split("\n")
        if not _only_contacts(line) and not any(a in line for a in addresses)
    ]
    return "\n".join(kept).strip()


_HOURS_LABEL = re.compile(
    r"^\s*(?P<label>opening hours|opening times|hours|open|horario|horarios|horaires|"
    r"heures d'ouverture|ouvert|offnungszeiten|geoffnet)\s*[:\-\u2013]?\s+(?P<value>.+)$"
)


def _hours_lines(part: Part, context: Context) -> tuple[Part, HoursSection | None]:
    """A labelled line of opening hours inside other copy ("Horaires : du mardi au
    dimanche, 7h - 19h30") taken out as a week of its own."""
    kept: list[tuple[str, str]] = []
    week: list[Opening] = []
    label = ""
    for text, at in part.paragraphs:
        lines = []
        for line in text.split("\n"):
            found = _HOURS_LABEL.match(fold(line))
            openings = hours.week(line, context.language) if found else []
            if found and openings:
                week += [o for o in openings if o not in week]
                label = label or line[: found.end("label")].strip()
            else:
                lines.append(line)
        if lines:
            kept.append(("\n".join(lines), at))
    if not week:
        return part, None
    heading = label[:1].upper() + label[1:] if label else ""
    return replace(part, paragraphs=kept), HoursSection(heading=heading[:200], week=week[:28])


def _contact_section(part: Part, addresses: list[str]) -> ContactSection:
    """A brief's own contact part: its prose, and the lines that are not a parsed phone,
    email or address (those are filled in from the intent's contact)."""
    paragraphs = [
        kept for t, _ in part.paragraphs if (kept := _without_contact_lines(t, addresses))
    ]
    return ContactSection(
        heading=part.heading[:200],
        body="\n\n".join(paragraphs)[:20_000],
        lines=[t[:300] for t, _ in part.items if _without_contact_lines(t, addresses)][:20],
    )


def _spec(
    intent: Intent,
    typed: list[tuple[str | None, Section, list[Fact]]],
    wishes: list[Directive],
    site_language: str,
    opening: str,
    moment: ScheduleEntry | None,
) -> SiteSpec:
    hero = HeroSection(heading=intent.business_name, body=intent.tagline, when=moment)
    sections: list[tuple[str | None, Section]] = []
    core = copyedit.without_greeting(opening)
    lifted = False
    for index, (topic, section, _) in enumerate(typed):
        first = not section.heading or section.heading == _about(site_language)
        if index == 0 and first and section.images and section.kind == "text":
            # The brief opens with a picture before its first heading: the site opens with it.
            hero = hero.model_copy(update={"images": section.images[:1]})
            section = section.model_copy(update={"images": section.images[1:]})
            if not section.body.strip() and not section.images:
                continue
        body = section.body
        if first:  # "Hi! We're…": a greeting is for us, not for the visitors
            body = copyedit.without_greeting(body)
            section = section.model_copy(update={"body": body})
        # The tagline is the first sentence of the brief's opening: under the name in the
        # hero, not again as the first words of the section it was lifted from, whatever
        # that section is called ("About us", "About the firm", "Who we are").
        if not lifted and core and copyedit.without_greeting(body).lower().startswith(core.lower()):
            lifted = True
            rest = copyedit.without_greeting(body)[len(core) :].strip()
            if not rest and section.kind == "text" and not section.images:
                continue
            section = section.model_copy(update={"body": rest})
        if isinstance(section, (PlansSection, MenuSection, ProductsSection, ServicesSection)):
            section = _without_replaced(section, wishes)
        sections.append((topic, section))
    contact = intent.contact
    at = next((i for i, (_, s) in enumerate(sections) if s.kind == "contact"), None)
    if at is None and (
        contact.phones or contact.emails or contact.addresses or "contact_form" in intent.features
    ):
        sections.append(("contact", ContactSection(heading=_contact(site_language))))
        at = len(sections) - 1
    if at is not None:
        own = sections[at][1]
        sections[at] = (
            "contact",
            own.model_copy(
                update={
                    "phones": list(contact.phones),
                    "emails": list(contact.emails),
                    "addresses": list(contact.addresses),
                }
            ),
        )
        party = intent.site_type in (SiteType.RESTAURANT, SiteType.EVENT)
        forms = [standard_form(kind, site_language, party=party) for kind in _forms(intent, wishes)]
        before = [("form", f) for f in forms if f.form is not FormKind.CONTACT]
        after = [("form", f) for f in forms if f.form is FormKind.CONTACT]
        sections[at : at + 1] = [*before, sections[at], *after]
    sections = _intro_joined_to_about(sections)
    asked = [w.value for w in wishes if w.kind is DirectiveKind.PAGE]
    own_pages = [*asked, *_pages_called_for(sections, asked)]
    home: list[Section] = [hero]
    home += [s for topic, s in sections if topic not in own_pages or s.kind in ("contact", "form")]
    pages = [Page(slug="index", title=intent.business_name, sections=home[:MAX_SECTIONS])]
    for topic in dict.fromkeys(own_pages):
        chosen = [s for t, s in sections if t == topic and s.kind not in ("contact", "form")]
        if chosen:
            pages.append(
                Page(
                    slug=topic,
                    title=chosen[0].heading or topic.title(),
                    sections=chosen[:MAX_SECTIONS],
                )
            )
    return SiteSpec(language=site_language, pages=pages)


INTRO = "intro"
"""The topic of the brief's opening, before its first heading."""
_ABOUT_HEADING = re.compile(
    r"^(?:about(?: us| me| the \w+)?|our story|my story|who we are|who i am|"
    r"sobre (?:mi|nosotros)|quienes somos|quien soy|nuestra historia|mi historia|"
    r"a propos(?: de nous| de moi)?|qui sommes-nous|qui suis-je|notre histoire|mon histoire|"
    r"uber (?:uns|mich)|wer wir sind|unsere geschichte|meine geschichte)\W*$"
)


def _intro_joined_to_about(
    sections: list[tuple[str | None, Section]],
) -> list[tuple[str | None, Section]]:
    """The brief's opening (what it says before its first heading, under a heading we had
    to choose) joins the brief's own "About me" or "Our story" at its start: one section
    about the business, under the brief's own heading, not two."""
    intro = next((i for i, (t, s) in enumerate(sections) if t == INTRO and s.kind == "text"), None)
    about = next(
        (
            i
            for i, (t, s) in enumerate(sections)
            if t != INTRO and s.kind in ("text", "list") and _ABOUT_HEADING.match(fold(s.heading))
        ),
        None,
    )
    if intro is None or about is None:
        return sections
    opening, own = sections[intro][1], sections[about][1]
    joined = own.model_copy(
        update={
            "body": "\n\n".join(b for b in (opening.body, own.body) if b.strip()),
            "images": [*opening.images, *own.images][:100],
        }
    )
    kept = [(t, joined if i == about else s) for i, (t, s) in enumerate(sections) if i != intro]
    return kept


# A brief this long is a site of several pages; a topic this long is a page of its own.
LONG_BRIEF_WORDS = 450
LONG_BRIEF_SECTIONS = 8
PAGE_WORDS = 120
# Topics a visitor looks for on a page of their own (a menu, the team), in nav order.
PAGE_TOPICS = ("services", "menu", "pricing", "products", "team", "events", "faq", "gallery")


def _words(value: object) -> int:
    """How many words a section holds, in every text it carries."""
    if isinstance(value, str):
        return len(value.split())
    if isinstance(value, dict):
        return sum(_words(v) for v in value.values())
    if isinstance(value, list):
        return sum(_words(v) for v in value)
    return 0


def _pages_called_for(sections: list[tuple[str | None, Section]], asked: list[str]) -> list[str]:
    """Topics that get a page of their own because the brief is long and they are: a short
    brief stays one page. The home page keeps at least one section besides them."""
    content = [(topic, s) for topic, s in sections if s.kind not in ("contact", "form")]
    size = {id(s): _words(s.model_dump(exclude={"kind", "images"})) for _, s in content}
    if sum(size.values()) < LONG_BRIEF_WORDS and len(content) < LONG_BRIEF_SECTIONS:
        return []
    by_topic: dict[str, int] = {}
    for topic, section in content:
        if topic in PAGE_TOPICS and topic not in asked:
            by_topic[topic] = by_topic.get(topic, 0) + size[id(section)]
    chosen = [t for t in PAGE_TOPICS if by_topic.get(t, 0) >= PAGE_WORDS]
    staying = [s for topic, s in content if topic not in chosen and topic not in asked]
    return chosen if staying else chosen[1:]


_FORM_OF_FEATURE = {feature: FormKind(form) for form, feature in _FEATURE_OF_FORM.items()}


def _forms(intent: Intent, wishes: list[Directive]) -> list[FormKind]:
    """The forms the site has: those asked for, and those its features call for."""
    asked = [FormKind(w.value) for w in wishes if w.kind is DirectiveKind.FORM]
    featured = [kind for feature, kind in _FORM_OF_FEATURE.items() if feature in intent.features]
    return list(dict.fromkeys([*asked, *featured]))


_Offers = PlansSection | MenuSection | ProductsSection | ServicesSection


def _without_replaced(section: _Offers, wishes: list[Directive]) -> _Offers:
    """A section less the plan or item a "replace the Pro plan with a waitlist" directive
    names: the one whose name holds every word the customer used for it."""
    generic = {"the", "plan", "plans", "tier", "package", "option", "our", "a", "an", "your"}
    named = [
        set(fold(w.value.split("->")[0]).split()) - generic
        for w in wishes
        if w.kind is DirectiveKind.REPLACE
    ]

    def kept(name: str) -> bool:
        words = set(fold(name).split())
        return not any(wanted and wanted <= words for wanted in named)

    if isinstance(section, PlansSection):
        plans = [p for p in section.plans if kept(p.name)]
        return section.model_copy(update={"plans": plans}) if plans else section
    items = [i for i in section.items if kept(i.name)]
    return section.model_copy(update={"items": items}) if items else section


_CONTACT_WORDS = re.compile(
    r"\b(?:phone|tel|telephone|call|email|e-mail|address|fax|mobile|office|emergency|"
    r"telefono|correo|direccion|adresse|courriel|telefon|anschrift)\b",
    re.I,
)


_EMAIL_OR_PHONE = re.compile(r"[\w.+-]+@[\w.-]+\.\w+|[+(]?\d[\d\s().\-]{6,}\d")


def _only_contacts(text: str) -> bool:
    """Whether a line is bare contact details: an email or a phone number with no more
    than a label and a word or two ("Questions? info@…", "Tel. 01584 555 019")."""
    if not _EMAIL_OR_PHONE.search(text):
        return False
    rest = _CONTACT_WORDS.sub(" ", _EMAIL_OR_PHONE.sub(" ", text))
    return len(re.findall(r"[^\W\d_]{3,}", rest)) <= 2


def _clean_paragraph(text: str) -> str:
    return "\n".join(_clean(line, 5000) for line in text.split("\n") if line.strip())


_WORDS = {
    "about": {"en": "About us", "es": "Quiénes somos", "fr": "À propos", "de": "Über uns"},
    "contact": {"en": "Contact", "es": "Contacto", "fr": "Contact", "de": "Kontakt"},
}


def _about(code: str) -> str:
    return _WORDS["about"].get(code, _WORDS["about"]["en"])


def _contact(code: str) -> str:
    return _WORDS["contact"].get(code, _WORDS["contact"]["en"])
