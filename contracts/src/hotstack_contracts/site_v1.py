"""The v1 intent and site spec (`hotstack.intent.extracted.v1`), and their upcast to v2.

v1 sections are untyped (a kind, a heading, a body, a list of strings) and a v1 intent has
one phone, email and address as free text. Upcasting keeps every word: hero, contact, text
and list sections map to their typed kinds; any other kind becomes a list or text section;
the forms that v1 builds derived from `features` become form sections; the contact details
become a v2 contact (phones keep their text; the `tel:` target is left to the renderer).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .forms import standard_form
from .site import (
    Contact,
    ContactSection,
    FormKind,
    HeroSection,
    Intent,
    ListSection,
    Page,
    Palette,
    Phone,
    PostalAddress,
    Section,
    SiteSpec,
    SiteType,
    TextSection,
)


class ContactV1(BaseModel):
    """How visitors reach the business (v1: one of each, as written)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    email: str | None = Field(default=None, max_length=254, description="Public email.")
    phone: str | None = Field(default=None, max_length=64, description="Public phone number.")
    address: str | None = Field(default=None, max_length=512, description="Postal address.")


class IntentV1(BaseModel):
    """What the tenant wants, as read from brief and prompt (v1)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    site_type: SiteType = Field(description="Archetype of the site.")
    business_name: str = Field(min_length=1, max_length=120, description="Name shown on the site.")
    tagline: str = Field(max_length=300, description="One-line promise under the name.")
    audience: str = Field(max_length=300, description="Who the site speaks to.")
    tone: str = Field(max_length=60, description="Voice of the copy, e.g. warm, formal.")
    features: list[str] = Field(
        default_factory=list, description="Features wanted, e.g. contact_form, gallery."
    )
    palette: Palette = Field(description="Colour palette.")
    contact: ContactV1 = Field(description="Contact details found in the brief.")


class SectionV1(BaseModel):
    """One block of a page (v1: untyped)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str = Field(max_length=40, description="Section kind, e.g. hero, text, list, contact.")
    heading: str = Field(max_length=200, description="Section heading.")
    body: str = Field(default="", max_length=20_000, description="Paragraph text.")
    items: list[str] = Field(default_factory=list, description="List entries, if any.")


class PageV1(BaseModel):
    """One page of the site (v1)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    slug: str = Field(pattern=r"^[a-z0-9-]{1,60}$", description="Path segment; `index` is home.")
    title: str = Field(min_length=1, max_length=200, description="Page title.")
    sections: list[SectionV1] = Field(description="Sections in display order.")


class SiteSpecV1(BaseModel):
    """Pages → sections → content (v1)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    language: str = Field(default="en", max_length=16, description="BCP 47 language tag.")
    pages: list[PageV1] = Field(min_length=1, description="Pages; the first is the home page.")


_FEATURE_FORMS = (("booking", FormKind.BOOKING), ("donations", FormKind.DONATION))


def upcast_contact(contact: ContactV1) -> Contact:
    """A v1 contact as v2: each detail as written."""
    address = [line.strip() for line in (contact.address or "").split(",") if line.strip()]
    return Contact(
        phones=[Phone(display=contact.phone.strip())] if contact.phone else [],
        emails=[contact.email] if contact.email else [],
        addresses=[PostalAddress(lines=address[:8])] if address else [],
    )


def upcast_intent(intent: IntentV1) -> Intent:
    """A v1 intent as v2 (no directives or facts: v1 did not carry them)."""
    return Intent(**intent.model_dump(exclude={"contact"}), contact=upcast_contact(intent.contact))


def _section(section: SectionV1, contact: Contact) -> Section:
    if section.kind == "hero":
        return HeroSection(heading=section.heading, body=section.body)
    if section.kind == "contact":
        known = {contact.email, contact.address.text if contact.address else None}
        known |= {phone.display for phone in contact.phones}
        return ContactSection(
            heading=section.heading,
            body=section.body,
            phones=list(contact.phones),
            emails=list(contact.emails),
            addresses=list(contact.addresses),
            lines=[item[:300] for item in section.items if item not in known][:20],
        )
    if section.items:
        return ListSection(heading=section.heading, body=section.body, items=section.items[:100])
    return TextSection(heading=section.heading, body=section.body)


def upcast_spec(spec: SiteSpecV1, intent: IntentV1) -> SiteSpec:
    """A v1 spec as v2: typed sections, with the forms v1 derived from features."""
    contact = upcast_contact(intent.contact)
    pages = []
    for page in spec.pages:
        sections = [_section(section, contact) for section in page.sections]
        if page.slug == "index":
            sections = _with_forms(
                sections,
                intent.features,
                spec.language,
                contact,
                restaurant=intent.site_type is SiteType.RESTAURANT,
            )
        pages.append(Page(slug=page.slug, title=page.title, sections=sections[:60]))
    return SiteSpec(language=spec.language, pages=pages)


def _with_forms(
    sections: list[Section],
    features: list[str],
    language: str,
    contact: Contact,
    *,
    restaurant: bool,
) -> list[Section]:
    """v1 rendered booking and donation forms before the contact section, and a contact form
    (with a contact section if there was none) when `contact_form` was asked for."""
    at = next((i for i, s in enumerate(sections) if s.kind == "contact"), len(sections))
    forms: list[Section] = [
        standard_form(kind, language, party=restaurant)  # v1 asked a table's party size
        for feature, kind in _FEATURE_FORMS
        if feature in features
    ]
    sections = [*sections[:at], *forms, *sections[at:]]
    if "contact_form" in features:
        found = next((i for i, s in enumerate(sections) if s.kind == "contact"), None)
        if found is None:
            sections.append(
                ContactSection(
                    heading="Contact",
                    phones=list(contact.phones),
                    emails=list(contact.emails),
                    addresses=list(contact.addresses),
                )
            )
            found = len(sections) - 1
        sections.insert(found + 1, standard_form(FormKind.CONTACT, language))
    return sections
