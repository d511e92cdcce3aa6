"""Phones, emails and postal addresses, read with the libraries made for them.

Phones go through `phonenumbers` (libphonenumber's data): the region is the one that
makes the brief's numbers valid, tried in the order the brief suggests (its country
names, postcode shapes and currency, then its language); each number keeps the label
written beside it (main, office, emergency, mobile, fax). US addresses go through
`usaddress`; others are found by their label ("Address:", "Dirección:", "Adresse :",
"Anschrift:") or their shape (a street word and a postcode on one line).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers
import usaddress
from email_validator import EmailNotValidError, validate_email
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher

from .archetype import fold


@dataclass(frozen=True)
class Phone:
    """A number as written in the brief, parsed."""

    e164: str
    display: str  # national format in its own region, international elsewhere
    label: str  # main | office | emergency | mobile | fax
    region: str
    source: str


@dataclass(frozen=True)
class Address:
    """A postal address as the brief writes it."""

    text: str
    country: str  # ISO 3166 alpha-2, "" when unknown
    source: str
    label: str = ""  # "Boulder", "Head office": which of several places it is


_LABELS = (
    ("fax", r"\bfax\b|telefax"),
    ("emergency", r"emergenc\w*|urgent\w*|urgencias?|urgences?|notfall\w*|out[- ]of[- ]hours|"
     r"after[- ]hours|24/7|24 hours|24h"),
    ("mobile", r"\bmob(?:ile)?\b|\bcell\b|whatsapp|movil|portable|handy|text us"),
    ("office", r"\boffice\b|landline|oficina|bureau|buro|reception|front desk|switchboard"),
)  # fmt: skip
_HINTS: tuple[tuple[str, str], ...] = (
    (r"\b(?:usa|united states|u\.s\.)\b|\$\s?\d|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b", "US"),
    (r"\b(?:uk|united kingdom|england|scotland|wales|london)\b|£", "GB"),
    (r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b", "GB"),
    (r"\b(?:ireland|dublin|galway|cork)\b|\beircode\b", "IE"),
    (r"\b(?:canada|ontario|quebec|toronto|vancouver)\b", "CA"),
    (r"\b(?:australia|sydney|melbourne|nsw)\b", "AU"),
    (r"\b(?:espana|spain|madrid|barcelona|sevilla|valencia)\b", "ES"),
    (r"\b(?:france|paris|lyon|marseille)\b", "FR"),
    (r"\b(?:deutschland|germany|berlin|munchen|hamburg|koln)\b", "DE"),
    (r"\b(?:mexico|cdmx|guadalajara)\b", "MX"),
    (r"\b(?:new zealand|aotearoa|wellington|auckland|christchurch)\b", "NZ"),
    (r"\b(?:italia|italy|roma|milano|bologna|firenze)\b", "IT"),
)  # fmt: skip
# The country code of a domain a brief writes ("hello@x.co.nz", "www.y.ie") is a hint too.
_DOMAIN_REGION = re.compile(r"[@.][a-z0-9-]+\.(?:co\.|com\.|org\.)?([a-z]{2})\b")
# Country codes sold as generic names ("tidepool.io", "band.fm") say nothing of a country.
_GENERIC_DOMAINS = {"io", "ai", "co", "tv", "me", "fm", "ly", "to", "is", "app", "dev"}
_LANGUAGE_REGIONS = {"en": ("US", "GB", "IE", "CA", "AU"), "es": ("ES", "MX", "US"),
                     "fr": ("FR", "BE", "CA", "CH"), "de": ("DE", "AT", "CH")}  # fmt: skip
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def regions(text: str, language: str) -> list[str]:
    """Regions to try for phone numbers, most likely first."""
    folded = fold(text)
    found = [region for pattern, region in _HINTS if re.search(pattern, folded)]
    found += [
        "GB" if code == "uk" else code.upper()
        for code in _DOMAIN_REGION.findall(folded)
        if code not in _GENERIC_DOMAINS
    ]
    # Postcode and currency shapes are case-sensitive; look at the text as written too.
    found += [region for pattern, region in _HINTS if re.search(pattern, text)]
    ordered = [*found, *_LANGUAGE_REGIONS.get(language, ()), "US", "GB"]
    return list(dict.fromkeys(ordered))


def _label(text: str, start: int, end: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before = fold(text[max(line_start, start - 48) : start])
    after = fold(text[end : min(end + 24, line_end if line_end >= 0 else len(text))])
    for label, pattern in _LABELS:
        # After the number, a label is in brackets or after a dash ("… (24/7)", "… - fax"),
        # never past the end of the sentence.
        if re.search(pattern, before) or re.search(
            rf"^\s*(?:\(|[,\-\u2013\u2014]\s*)(?:{pattern})", after
        ):
            return label
    return "main"


_CUE = re.compile(
    r"(?:\b(?:tel|telephone|phone|call|ring|mobile|mob|cell|fax|whatsapp|text|telefono|movil|"
    r"llamanos|llama|telephone|appelez|portable|telefon|handy|anrufen)\b|\u260e|\U0001f4de)"
    r"[^\n\d]{0,12}$"
)


def _matches(text: str, region: str) -> list[phonenumbers.PhoneNumberMatch]:
    """Valid numbers, and numbers that are only possible where the text says "phone" just
    before them (a person would dial a number written "ring 091 555 0192")."""
    valid = list(PhoneNumberMatcher(text, region, leniency=Leniency.VALID, max_tries=200))
    taken = [(m.start, m.end) for m in valid]
    for match in PhoneNumberMatcher(text, region, leniency=Leniency.POSSIBLE, max_tries=200):
        overlaps = any(match.start < end and start < match.end for start, end in taken)
        if not overlaps and _CUE.search(fold(text[max(0, match.start - 40) : match.start])):
            valid.append(match)
    return sorted(valid, key=lambda m: m.start)


def phones(passages: Iterable[tuple[str, str]], language: str, text: str) -> list[Phone]:
    """Every valid number in the passages ((text, source) pairs), deduplicated."""
    items = list(passages)
    candidates = regions(text, language)
    best_region, best_count = candidates[0], -1
    for region in candidates:
        count = sum(len(_matches(passage, region)) for passage, _ in items)
        if count > best_count:
            best_region, best_count = region, count
    found: dict[str, Phone] = {}
    for passage, source in items:
        for match in _matches(passage, best_region):
            number = match.number
            e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
            own = phonenumbers.region_code_for_number(number) or best_region
            style = (
                PhoneNumberFormat.NATIONAL
                if own == best_region
                else PhoneNumberFormat.INTERNATIONAL
            )
            if e164 not in found:
                found[e164] = Phone(
                    e164=e164,
                    display=phonenumbers.format_number(number, style),
                    label=_label(passage, match.start, match.end),
                    region=own,
                    source=source,
                )
    return list(found.values())


def emails(passages: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(address, source) of every valid email address, in order, once each."""
    found: dict[str, str] = {}
    for passage, source in passages:
        for match in _EMAIL.finditer(passage):
            candidate = match.group(0).rstrip(".")
            try:
                normal = validate_email(candidate, check_deliverability=False).normalized
            except EmailNotValidError:
                continue
            found.setdefault(normal, source)
    return list(found.items())


_ADDRESS_LABEL = re.compile(
    r"^\s*(?:(?:postal |street |our |office )?address|location|find us(?: at)?|visit us(?: at)?|"
    r"where to find us|we are at|direccion|dirección|domicilio|ubicacion|ubicación|adresse|"
    r"anschrift|standort|adresse postale)\s*[:\-\u2013\u2014]\s*(.+)$",
    re.I,
)
_STREET = re.compile(
    r"\b(?:street|st\.?|road|rd\.?|lane|ln\.?|avenue|ave\.?|drive|dr\.?|boulevard|blvd\.?|"
    r"way|place|pl\.?|court|ct\.?|square|sq\.?|terrace|row|close|crescent|parade|hill|"
    r"highway|hwy|suite|unit|calle|c/|avenida|avda\.?|plaza|paseo|camino|carrer|rue|"
    r"boulevard|bd|chemin|allee|allée|impasse|quai|place|via|viale|piazza|corso|largo|"
    r"vicolo|rua|travessa|\w*stra(?:ss|ß)e|\w*str\.|"
    r"\w*weg|\w*platz|\w*allee|\w*gasse|\w*ring)\b",
    re.I,
)
_POSTCODES: tuple[tuple[str, str], ...] = (
    (r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b", "GB"),
    (r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b", "US"),
    (r"\b[A-Z]\d{2}\s?[A-Z\d]{4}\b", "IE"),
    (r"\b\d{5}\s+[A-ZÀ-Ý][\w\-\u00c0-\u024f]+", ""),  # ES, FR, DE, IT: country from language
)
_SEPARATORS = re.compile(r"\s+[·|•]\s+|\s+[\u2013\u2014]\s+|\s{3,}|\t")
_POSTCODE_COUNTRY = {"es": "ES", "fr": "FR", "de": "DE"}


def _us_address(line: str) -> bool:
    try:
        tags, kind = usaddress.tag(line)
    except usaddress.RepeatedLabelError:
        return False
    located = "ZipCode" in tags or "StateName" in tags
    street = kind == "Street Address" and "AddressNumber" in tags and "StreetName" in tags
    return located and (street or (kind == "PO Box" and "USPSBoxID" in tags))


def _shaped(segment: str, language: str) -> str | None:
    """The country of a segment that has the shape of an address, or None."""
    for pattern, country in _POSTCODES:
        if re.search(pattern, segment):
            if country == "US" and not _us_address(segment):
                continue
            if country == "" and not _STREET.search(segment):
                continue
            if country in ("GB", "IE") and not (
                re.search(r"\d", segment.split(",")[0]) or _STREET.search(segment)
            ):
                continue
            return country or _POSTCODE_COUNTRY.get(language, "")
    return None


_LEAD_IN = re.compile(
    r"^(?:.*?\b)?(?:find us at|visit us at|we are at|we're at|located at|you'?ll find us at|"
    r"come and see us at|estamos en|nous sommes au|nous trouver au|sie finden uns in der)\s+",
    re.I,
)


def _trimmed(segment: str, language: str) -> str:
    """The address in a sentence that holds one ("Find us at 2 Quay Street, Windermere
    LA23 1AB. Call …" → "2 Quay Street, Windermere LA23 1AB")."""
    sentences = [s.strip(" ,.") for s in re.split(r"(?<=\w\w)\.\s+(?=[A-Z])", segment)]
    holding = [s for s in sentences if _shaped(s, language) is not None]
    address = _LEAD_IN.sub("", holding[0] if holding else segment).strip(" ,.")
    # A name before the street ("Familie Berger, Alpenweg 7, …") addresses the post, not
    # the place: the address starts at the first piece with a number or a street word.
    pieces = [p.strip() for p in address.split(",")]
    start = next((i for i, p in enumerate(pieces) if re.search(r"\d", p) or _STREET.search(p)), 0)
    return ", ".join(pieces[start:])


def addresses(passages: Iterable[tuple[str, str]], language: str) -> list[Address]:
    """Postal addresses: labelled lines first, then lines shaped like an address."""
    found: dict[str, Address] = {}
    for passage, source in passages:
        lines = passage.split("\n")
        for index, line in enumerate(lines):
            labelled = _ADDRESS_LABEL.match(line)
            if labelled:
                value = labelled.group(1).strip()
                # "Address:" alone on a line: the address is on the lines below it.
                if not value and index + 1 < len(lines):
                    value = lines[index + 1].strip()
                segment = _SEPARATORS.split(value)[0].strip(" ,.")
                country = _shaped(segment, language) or ""
                if segment:
                    found.setdefault(fold(segment), Address(segment, country, source))
                continue
            for segment in _SEPARATORS.split(line):
                prefix = re.match(r"^([^:]{1,30}):\s*", segment)
                segment = segment[prefix.end() :] if prefix else segment
                segment = segment.strip(" ,.")
                if len(segment) > 160:
                    continue
                country_found = _shaped(segment, language)
                if country_found is not None:
                    segment = _trimmed(segment, language)
                    label = prefix.group(1).strip() if prefix else ""
                    if _ADDRESS_LABEL.match(f"{label}: x") or re.search(r"\d", label):
                        label = ""  # "Address:" says nothing a visitor needs
                    found.setdefault(
                        fold(segment), Address(segment, country_found, source, label[:60])
                    )
    return list(found.values())
