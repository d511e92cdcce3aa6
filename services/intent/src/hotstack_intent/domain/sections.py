"""Typed sections from a brief's parts: what a part holds decides what it becomes.

A priced list under "Menu" is a menu of dishes; under "Pricing", plans; "Our team" with
names and roles is people; "Opening hours" a week; dated entries a schedule; questions
with answers an FAQ; quotes with names testimonials. A part that does not hold what its
heading promises stays prose or a plain list: nothing is invented to fill a type.
Each typed entry is also a fact, with the brief block it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time

import dateparser
from dateparser.search import search_dates

from hotstack_contracts import (
    Fact,
    FaqSection,
    GallerySection,
    HoursSection,
    Image,
    Item,
    ListSection,
    MenuSection,
    PeopleSection,
    Person,
    Plan,
    PlansSection,
    ProductsSection,
    Question,
    ScheduleEntry,
    ScheduleSection,
    Section,
    ServicesSection,
    SiteType,
    Source,
    Testimonial,
    TestimonialsSection,
    TextSection,
)

from . import hours, prices
from .archetype import fold
from .copyedit import capitalised
from .reading import Part

_SPLIT = re.compile(r"\s+[\u2014\u2013]\s+|\s+-\s+|\s*:\s+|\s*\|\s*|\t|\s{3,}")
_SCHEDULE = re.compile(
    r"\b(?:schedule|line-?up|programme|program|timetable|agenda|the day|itinerary|dates|"
    r"upcoming|season|calendar|running order|order of the day|classes|class times|"
    r"rehearsals?|sessions|programa|fechas|clases|calendrier|cours|programme du jour|"
    r"termine|ablauf|trainingszeiten|kurse|kursplan|probenzeiten)\b"
)
_CREDENTIALS = re.compile(
    r"^(?:esq\.?|ph\.?d\.?|m\.?d\.?|d\.?d\.?s\.?|d\.?m\.?d\.?|b\.?d\.?s\.?|cpa|rn|np|pa-c|"
    r"dvm|mrcvs|llb|llm|jd|mba|msc|bsc|ma|ba|frcs|mcsp|hcpc|acca|aca|cfa|lcsw|lmft|dpt|rdh|lpn|"
    r"aprn|fnp|od|dc|pharmd|psyd|edd|dpm|l\.?ac\.?|rmt|cma|cpt|ryt|obe|mbe|cbe|kc|qc)$",
    re.I,
)
_HONORIFIC = re.compile(r"^(?:dr|prof|mr|mrs|ms|mx|sra?|srta|mme|mlle|m|herr|frau)\.?\s+", re.I)
_PARTICLES = {"de", "del", "de la", "la", "van", "von", "der", "da", "di", "le", "du", "y", "bin"}
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e "


@dataclass(frozen=True)
class Context:
    """What typing a part needs to know about the whole brief."""

    language: str
    region: str
    site_type: SiteType
    today: date  # undated years ("14 June") are the next such day after it


@dataclass
class Typed:
    """A part as a typed section, with the facts it holds."""

    section: Section
    facts: list[Fact] = field(default_factory=list)


def _source(at: str, text: str) -> Source:
    return Source(origin="brief", at=at[:60], text=text[:500])


def _fact(name: str, value: str, at: str, text: str) -> Fact:
    return Fact(name=name, value=value[:500], source=_source(at, text))


def inline_items(text: str) -> list[str]:
    """A list typed on one line ("Garden design - Irrigation - Paving"): three or more
    short entries between the same separator; [] for anything else."""
    for separator in (" - ", " \u2013 ", " \u00b7 ", " \u2022 ", " | ", " / "):
        entries = [e.strip() for e in text.split(separator)]
        if len(entries) >= 3 and all(0 < len(e) <= 50 and not e.endswith(".") for e in entries):
            return entries
    return []


def _entries(part: Part) -> list[tuple[str, str]]:
    """The part's list items, or its paragraphs' lines when it has no list."""
    if part.items:
        return part.items
    return [
        (line.strip(), at)
        for text, at in part.paragraphs
        for line in text.split("\n")
        if line.strip()
    ]


def _body(part: Part, used: bool) -> str:
    """The part's prose, unless its paragraphs were the entries themselves."""
    if used and not part.items:
        return ""
    return "\n\n".join(text for text, _ in part.paragraphs)[:20_000]


def _named_price(text: str, region: str) -> tuple[str, str, prices.Found] | None:
    """The name, the rest and the price of a priced entry ("Pro — $29/mo — 5 projects")."""
    found = prices.find(text, region)
    if not found:
        return None
    name = found.before.strip(" \u2014\u2013-:|,.")
    rest = found.after.strip(" \u2014\u2013-:|,;()")
    if not name:
        name, rest = _split(rest)
    return (name, rest, found) if name else None


def item(text: str, region: str) -> Item:
    """An entry's name, description and price: "Tagliatelle al ragù — €12" → name and
    price; "Fillings: gentle, same day" → name and description."""
    priced = _named_price(text, region)
    if priced:
        name, description, found = priced
        return Item(name=name[:200], description=description[:2000], price=found.price)
    name, description = _split(text)
    return Item(name=name[:200], description=description[:2000])


def _split(text: str) -> tuple[str, str]:
    parts = _SPLIT.split(text.strip(), maxsplit=1)
    if len(parts) == 2 and 0 < len(parts[0]) <= 120:
        return parts[0].strip(), parts[1].strip()
    if len(text) <= 120:
        return text.strip(), ""
    head, dot, rest = text.partition(". ")
    return (head + dot).strip()[:200], rest.strip()


def _plan(text: str, region: str) -> Plan | None:
    priced = _named_price(text, region)
    if not priced:
        return None
    name, rest, found = priced
    features = [f.strip() for f in re.split(r"\s*[,;•·]\s*|\s+\+\s+", rest) if f.strip()]
    if len(features) == 1:
        return Plan(
            name=name[:200], price=found.price, period=found.period, description=rest[:2000]
        )
    return Plan(
        name=name[:200],
        price=found.price,
        period=found.period,
        features=[f[:300] for f in features[:30]],
    )


_BRACKETED = re.compile(
    r"^(?P<name>[^,(\u2014\u2013:|]+?)\s*\((?P<role>[^)]{2,60})\)\W*(?P<rest>.*)$"
)


def person(text: str) -> Person | None:
    """A person: "Dr. Maria Chen, DDS — Lead dentist. Maria has…" → name, credentials,
    role, bio; "Tom Hale (head baker)"; "Grace Okafor, Esq. founded the firm…" → name,
    credentials and the paragraph as bio. None when the text does not start with a
    person's name."""
    bracketed = _BRACKETED.match(text.strip())
    if bracketed and _is_name(_HONORIFIC.sub("", bracketed.group("name").strip())):
        return Person(
            name=bracketed.group("name").strip()[:200],
            role=bracketed.group("role").strip()[:200],
            bio=bracketed.group("rest").strip()[:4000],
        )
    head, rest = _split(text)
    pieces = [p.strip() for p in head.split(",")]
    name = pieces[0]
    if not _is_name(_HONORIFIC.sub("", name)):
        return None
    credentials: list[str] = []
    roles: list[str] = []
    for piece in pieces[1:]:
        first, _, after = piece.partition(" ")
        if _CREDENTIALS.match(piece.replace(" ", "")):
            credentials.append(piece)
        elif _CREDENTIALS.match(first) and after[:1].islower():
            # "Grace Okafor, Esq. founded the firm…": prose about them, kept whole.
            credentials.append(first)
            return Person(name=name[:200], credentials=", ".join(credentials)[:200],
                          bio=text.strip()[:4000])  # fmt: skip
        else:
            roles.append(piece)
    role, _, bio = rest.partition(". ")
    if len(role) > 120:
        role, bio = "", rest
    if roles:
        role, bio = ", ".join(roles), rest
    return Person(
        name=name[:200],
        role=role.strip(" .")[:200],
        credentials=", ".join(credentials)[:200],
        bio=bio.strip()[:4000],
    )


def _is_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 5:
        return False
    capitalised = [
        w
        for w in words
        if w[:1].isupper() and (w[1:].islower() or "-" in w or "'" in w or w[1:2].isupper())
    ]
    others = [w for w in words if w not in capitalised]
    return len(capitalised) >= 2 and all(w.lower() in _PARTICLES for w in others)


def quote_from(text: str) -> Testimonial | None:
    """A quote and its author: "“Best bread in town.” — Ana, Valencia"."""
    quote, author = text, ""
    split = re.match(
        r"^(?P<quote>.+?)\s*(?:[\u2014\u2013]|-{1,2}|~)\s*(?P<author>[^\u2014\u2013]{2,80})$",
        text.strip(),
    )
    if split and split.group("author")[:1].isupper():
        quote, author = split.group("quote"), split.group("author")
    quote = quote.strip(_QUOTES)
    if len(quote) < 8:
        return None
    return Testimonial(quote=quote[:2000], author=author.strip(" ,")[:200])


def questions(entries: list[tuple[str, str]]) -> list[tuple[Question, str]]:
    """Questions and their answers: "Q? A" in one entry, or a question entry followed by the
    entries that answer it."""
    found: list[tuple[Question, str]] = []
    question, at = "", ""
    answer: list[str] = []
    for text, source in entries:
        head, mark, rest = text.partition("?")
        if mark and len(head) < 300:
            if question:
                found.append((Question(question=question, answer=" ".join(answer)[:4000]), at))
            question, answer, at = (head.strip(" -*Q:") + "?")[:500], [], source
            if rest.strip(" -\u2014\u2013A:"):
                answer.append(rest.strip(" -\u2014\u2013").removeprefix("A:").strip())
        elif question:
            answer.append(text.strip())
    if question:
        found.append((Question(question=question, answer=" ".join(answer)[:4000]), at))
    return found


_TIME = re.compile(r"\d{1,2}(?::\d{2})?\s*(?:am|pm|h)\b|\d{1,2}:\d{2}", re.I)


_EDGES = re.compile(r"^[\s,\u2014\u2013:\-|]+|[\s,\u2014\u2013:\-|.]+$")
_VENUE = re.compile(
    r"\s(?:at|@|in|en|à|au|im|in der)\s+"
    r"(?P<venue>(?:the\s+)?[A-Z0-9][^,.;]{2,80}|the\s+[^,.;]{2,80})$"
)


def dated(text: str, language: str, today: date) -> ScheduleEntry | None:
    """An entry with a day and month ("Sat 14 June, 7pm — Spring concert at St Mary's");
    None without one (a weekday alone is a routine, not a date)."""
    languages = [language, "en"] if language != "en" else ["en"]
    settings = {
        "REQUIRE_PARTS": ["day", "month"],
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": datetime.combine(today, time()),
    }
    # dateparser's search stops at a colon that is not a clock's ("14 June: Open day"); the
    # probe has commas there, at the same positions, so its match maps back onto the text.
    probe = re.sub(r"(?<!\d):|:(?!\d)", ",", text)
    # A range of days ("18-19 September") is dated by its first day, and lasts until its
    # last.
    ranges = list(re.finditer(r"\b(\d{1,2})(\s*[-\u2013]\s*(\d{1,2}))(?=\s+[^\W\d_])", probe))
    for found_range in ranges:
        cut, gap = found_range.start(2), len(found_range.group(2))
        probe = probe[:cut] + " " * gap + probe[cut + gap :]
    try:
        found = search_dates(probe, languages=languages, settings=settings)
        if not found:
            return None
        written, when = found[0]
        # dateparser may give the match with its spacing normalised: find it as written.
        located = re.search(r"\s+".join(map(re.escape, written.split())), probe)
        if located is None:
            return None
        start = located.start()
        written = _tight(located.group(0), when, languages, settings)
    except (ValueError, OverflowError):
        return None
    until = None
    for found_range in ranges:
        if start <= found_range.start() < start + len(written):
            last = int(found_range.group(3))
            if last > when.day:
                try:
                    until = when.date().replace(day=last)
                except ValueError:
                    until = None
    written = text[start : start + len(written)]
    before, after = text[:start], text[start + len(written) :]
    before, after = _EDGES.sub("", before), _EDGES.sub("", after)
    venue = description = ""
    if before:
        title = before
        place = re.match(r"^(?:at|@|in|en|à|au|im)\s+(?P<venue>[^.;]{2,80})$", after)
        if place:
            venue = place.group("venue")
        elif after and len(after) <= 80 and after[:1].isupper() and ". " not in after:
            venue = after
        else:
            description = after
    else:
        title, description = _split(after)
        if not description and ". " in title:
            title, _, description = title.partition(". ")
    at = _VENUE.search(title)
    if at and not venue:
        venue, title = at.group("venue").strip(), title[: at.start()].strip()
    if not title:
        return None
    return ScheduleEntry(
        title=title[:200],
        date=when.date(),
        until=until,
        starts=when.time() if _TIME.search(written) else None,
        venue=venue[:300],
        description=description[:2000],
    )


def _tight(written: str, when: datetime, languages: list[str], settings: dict[str, object]) -> str:
    """The date as written without the words dateparser took along ("14 June, 19:30, St"
    → "14 June, 19:30"): trailing words without digits go while the rest still means the
    same moment (a year stays, even where the date would mean that year without it). The
    result is a prefix of `written`, spacing kept."""
    ends = [m.end() for m in re.finditer(r"\S+", written)]
    words = re.findall(r"\S+", written)
    keep = len(words)
    while keep > 1 and not re.search(r"\d", words[keep - 1]):
        shorter = written[: ends[keep - 2]].rstrip(" ,")
        if dateparser.parse(shorter, languages=languages, settings=settings) != when:
            break
        keep -= 1
    return written[: ends[keep - 1]].rstrip(" ,")


_CLOCK_FIRST = re.compile(
    r"^\s*(?P<time>\d{1,2}(?:[:.h]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)|\d{1,2}[:.h]\d{2})"
    r"\s*(?:[-\u2013\u2014:|]\s*)?(?P<title>\S.*)$",
    re.I,
)


def timed(text: str) -> ScheduleEntry | None:
    """An entry of a day's running order: "2pm ceremony in the orchard", "19:30 — Dinner"."""
    found = _CLOCK_FIRST.match(text)
    starts = hours.clock(found.group("time")) if found else None
    if found is None or starts is None:
        return None
    title, description = _split(found.group("title"))
    return ScheduleEntry(
        title=capitalised(title)[:200], starts=starts, description=description[:2000]
    )


def weekly(text: str, language: str) -> list[ScheduleEntry]:
    """Entries that recur each week: "Kinderturnen: Montag 16 bis 17 Uhr", "Tuesdays
    7.30-9pm — rehearsal" (one per day named)."""
    openings = hours.week(text, language)
    if not openings:
        return []
    head, rest = _split(text)
    if rest and hours.week(head, language):
        title, description = rest, ""
    else:
        title, description = head, rest if not hours.week(rest, language) else ""
    if not title or hours.week(title, language):
        return []
    return [
        ScheduleEntry(
            title=title[:200],
            weekday=o.day,
            starts=o.opens,
            ends=o.closes,
            description=description[:2000],
        )
        for o in openings
    ]


def when(text: str, title: str, language: str, today: date) -> ScheduleEntry | None:
    """An event's date (and time and venue) as its opening states it, for the hero."""
    entry = dated(text, language, today)
    if entry is None:
        return None
    return entry.model_copy(update={"title": title[:200], "description": ""})


def typed(part: Part, topic: str | None, context: Context) -> Typed | None:
    """The typed section a part makes, if what it holds fits its heading; else None."""
    heading = part.heading[:200]
    if not part.items:
        # "Garden design - Irrigation - Paving" under "Services" is a list typed on a line.
        for index, (text, at) in enumerate(part.paragraphs):
            inline = inline_items(text)
            if inline:
                rest = part.paragraphs[:index] + part.paragraphs[index + 1 :]
                part = replace(part, paragraphs=rest, items=[(e, at) for e in inline])
                break
    entries = _entries(part)
    folded = fold(part.heading)
    if topic == "hours":
        return _hours(part, heading, context)
    if topic == "faq":
        found = questions([*part.paragraphs, *part.items])
        if found:
            return Typed(
                FaqSection(heading=heading, questions=[q for q, _ in found]),
                [_fact("question", q.question, at, q.question) for q, at in found],
            )
    if topic == "team":
        people = [(person(text), text, at) for text, at in entries]
        named = [(p, text, at) for p, text, at in people if p is not None]
        if named and len(named) * 2 >= len(people):
            return Typed(
                PeopleSection(
                    heading=heading,
                    body=_body(part, used=True),
                    people=[p for p, _, _ in named][:100],
                ),
                [_fact("person", p.name, at, text) for p, text, at in named],
            )
    if topic == "testimonials":
        quotes = [(quote_from(text), text, at) for text, at in entries]
        kept = [(q, text, at) for q, text, at in quotes if q is not None]
        if kept:
            return Typed(TestimonialsSection(heading=heading, quotes=[q for q, _, _ in kept][:50]))
    if topic == "events" or _SCHEDULE.search(folded):
        dates = [(_scheduled(text, context), text, at) for text, at in entries]
        kept_dates = [(d, text, at) for found, text, at in dates for d in found]
        if kept_dates and sum(1 for found, _, _ in dates if found) * 2 >= len(dates):
            return Typed(
                ScheduleSection(
                    heading=heading,
                    body=_body(part, used=True),
                    entries=[d for d, _, _ in kept_dates][:200],
                ),
                [
                    _fact("event", f"{d.date or d.weekday or d.starts} {d.title}", at, text)
                    for d, text, at in kept_dates
                ],
            )
    priced = [(item(text, context.region), text, at) for text, at in part.items]
    with_price = [(i, text, at) for i, text, at in priced if i.price is not None]
    price_facts = [
        _fact("price", f"{i.name}: {i.price.text}", at, text)
        for i, text, at in with_price
        if i.price is not None
    ]
    mostly_priced = bool(with_price) and len(with_price) * 2 >= len(priced)
    body = _body(part, used=False)
    if topic == "pricing" and mostly_priced:
        # Plans are tiers of one offer (a period or a feature list, or a product's pricing);
        # a clinic's "Prices" is a list of services with what each costs.
        plans = [p for p in (_plan(text, context.region) for text, _ in part.items) if p]
        tiers = any(p.period or p.features for p in plans)
        if plans and (tiers or context.site_type is SiteType.PRODUCT):
            return Typed(PlansSection(heading=heading, body=body, plans=plans[:12]), price_facts)
    items = [i for i, _, _ in priced]
    if mostly_priced and (topic == "menu" or context.site_type is SiteType.RESTAURANT):
        return Typed(MenuSection(heading=heading, body=body, items=items[:200]), price_facts)
    if (
        topic == "products"
        or (mostly_priced and context.site_type in (SiteType.SHOP, SiteType.PRODUCT))
    ) and items:
        # One picture for each product, in the same order: each is that product's photo.
        if len(part.images) == len(items):
            items = [
                i.model_copy(update={"image": ref})
                for i, (ref, _, _) in zip(items, part.images, strict=True)
            ]
        return Typed(ProductsSection(heading=heading, body=body, items=items[:200]), price_facts)
    # A part that is mostly pictures is a gallery, whatever its heading calls it.
    pictured = len(part.images) >= 2 and len(part.images) >= len(part.paragraphs) + len(items)
    if (topic == "gallery" and (part.images or items)) or pictured:
        return Typed(
            GallerySection(heading=heading, body=body, images=images_of(part), items=items[:100])
        )
    if (topic == "services" or mostly_priced) and items:
        return Typed(ServicesSection(heading=heading, body=body, items=items[:100]), price_facts)
    return None


def _scheduled(text: str, context: Context) -> list[ScheduleEntry]:
    """The entries one line of a schedule makes: a date, a weekly slot, or a time of day."""
    entry = dated(text, context.language, context.today)
    if entry is not None:
        return [entry]
    found = weekly(text, context.language)
    if found:
        return found
    at = timed(text)
    return [at] if at else []


def _hours(part: Part, heading: str, context: Context) -> Typed:
    texts = [*part.paragraphs, *part.items]
    week = []
    notes: list[str] = []
    facts: list[Fact] = []
    for text, at in texts:
        for line in text.split("\n"):
            openings = hours.week(line, context.language)
            if openings:
                week += [o for o in openings if o not in week]
                facts.append(_fact("hours", line.strip(), at, line))
            elif line.strip():
                notes.append(line.strip()[:300])
    if not week:
        return Typed(plain(part, heading))
    return Typed(HoursSection(heading=heading, week=week[:28], notes=notes[:10]), facts)


def images_of(part: Part) -> list[Image]:
    """The part's pictures, described by their alt text where the brief gave one."""
    return [Image(src=ref, alt=alt, caption=alt) for ref, alt, _ in part.images][:100]


def plain(part: Part, heading: str) -> Section:
    """A part as prose and a plain list."""
    body = "\n\n".join(text for text, _ in part.paragraphs)[:20_000]
    if part.items:
        return ListSection(
            heading=heading, body=body, items=[text[:1000] for text, _ in part.items][:100]
        )
    return TextSection(heading=heading, body=body)
