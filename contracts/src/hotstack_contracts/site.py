"""The intent and typed site spec carried by IntentExtracted (v2).

A spec is pages of typed sections: a menu has dishes with prices, plans have prices and
features, people have roles, hours are a week, a schedule has dates, a form has fields.
Everything read from a brief keeps where it came from (`Source`): the directives the
customer gave and the facts found in the brief.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

HEX_COLOUR = r"^#[0-9a-f]{6}$"
E164 = r"^\+[1-9]\d{6,14}$"


class _Shape(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SiteType(StrEnum):
    """Site archetypes the extractor recognises; `general` is the neutral organisation site
    for a brief that fits none of them."""

    ANIMAL_SHELTER = "animal_shelter"
    RESTAURANT = "restaurant"
    PORTFOLIO = "portfolio"
    LOCAL_SERVICES = "local_services"
    EVENT = "event"
    NONPROFIT = "nonprofit"
    SHOP = "shop"
    BLOG = "blog"
    PRODUCT = "product"
    HEALTH_CLINIC = "health_clinic"
    PROFESSIONAL_FIRM = "professional_firm"
    COMMUNITY_GROUP = "community_group"
    EDUCATION = "education"
    BEAUTY_WELLNESS = "beauty_wellness"
    GENERAL = "general"


class Palette(_Shape):
    """Site colours as lowercase hex."""

    primary: str = Field(pattern=HEX_COLOUR, description="Brand colour (headers, buttons).")
    accent: str = Field(pattern=HEX_COLOUR, description="Highlights and links.")
    background: str = Field(pattern=HEX_COLOUR, description="Page background.")
    text: str = Field(pattern=HEX_COLOUR, description="Body text colour.")


class Source(_Shape):
    """Where something was read: the brief (and where in it) or the prompt."""

    origin: Literal["brief", "prompt", "upload"] = Field(description="Which input it came from.")
    at: str = Field(
        default="", max_length=60, description='Place in the brief: "line 12", "page 2", ….'
    )
    text: str = Field(max_length=500, description="The words it was read from.")


class PhoneLabel(StrEnum):
    """What a number is for."""

    MAIN = "main"
    OFFICE = "office"
    EMERGENCY = "emergency"
    MOBILE = "mobile"
    FAX = "fax"


class Phone(_Shape):
    """A phone number, parsed."""

    number: str | None = Field(
        default=None, pattern=E164, description="E.164, the `tel:` target; null if unparsed."
    )
    display: str = Field(min_length=1, max_length=64, description="As visitors read it.")
    label: PhoneLabel = Field(default=PhoneLabel.MAIN, description="What the number is for.")


class PostalAddress(_Shape):
    """A postal address, line by line."""

    lines: list[str] = Field(min_length=1, max_length=8, description="Address lines in order.")
    country: str | None = Field(
        default=None, pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2, when known."
    )
    label: str = Field(default="", max_length=60, description='e.g. "Office", "Studio".')

    @property
    def text(self) -> str:
        """The address on one line."""
        return ", ".join(self.lines)


class Contact(_Shape):
    """How visitors reach the business: every number, email and address, main ones first."""

    phones: list[Phone] = Field(default_factory=list, max_length=8)
    emails: list[Annotated[str, Field(max_length=254)]] = Field(default_factory=list, max_length=8)
    addresses: list[PostalAddress] = Field(default_factory=list, max_length=4)

    @property
    def phone(self) -> Phone | None:
        """The main number (the first, unless another is labelled main)."""
        main = [p for p in self.phones if p.label is PhoneLabel.MAIN]
        first = main or self.phones
        return first[0] if first else None

    @property
    def email(self) -> str | None:
        """The first email."""
        return self.emails[0] if self.emails else None

    @property
    def address(self) -> PostalAddress | None:
        """The first address."""
        return self.addresses[0] if self.addresses else None


class DirectiveKind(StrEnum):
    """What an instruction to the builder is about."""

    COLOURS = "colours"
    INCLUDE = "include"
    EXCLUDE = "exclude"
    REPLACE = "replace"
    PAGE = "page"
    FORM = "form"
    LANGUAGE = "language"
    EMPHASIS = "emphasis"


class Directive(_Shape):
    """One thing the customer asked of the site, with the words it came from."""

    kind: DirectiveKind
    value: str = Field(
        max_length=200, description='e.g. "navy,gold", "events", "pricing -> waitlist".'
    )
    source: Source


class Fact(_Shape):
    """One fact read from the brief or prompt, with where it came from."""

    name: str = Field(
        max_length=40, description='What it is: "phone", "email", "address", "hours", ….'
    )
    value: str = Field(max_length=500, description="The fact as read (phones in E.164).")
    source: Source


class Intent(_Shape):
    """What the tenant wants, as read from brief and prompt."""

    site_type: SiteType = Field(description="Archetype of the site.")
    business_name: str = Field(min_length=1, max_length=120, description="Name shown on the site.")
    tagline: str = Field(max_length=300, description="One-line promise under the name.")
    audience: str = Field(max_length=300, description="Who the site speaks to.")
    tone: str = Field(max_length=60, description="Voice of the copy, e.g. warm, formal.")
    features: list[str] = Field(
        default_factory=list, description="Features wanted, e.g. contact_form, gallery."
    )
    palette: Palette = Field(description="Colour palette.")
    contact: Contact = Field(description="Contact details found in the brief.")
    directives: list[Directive] = Field(
        default_factory=list, max_length=100, description="What the customer asked for."
    )
    facts: list[Fact] = Field(
        default_factory=list, max_length=300, description="Facts read, with their sources."
    )


# ---- sections -------------------------------------------------------------------------


class Price(_Shape):
    """An amount of money as written, parsed."""

    amount_minor: int = Field(
        ge=0, description="Amount in the currency's minor unit (cents), an integer."
    )
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code.")
    text: str = Field(min_length=1, max_length=40, description='As written: "€12.50", "$29/mo".')


class Item(_Shape):
    """A named entry: a dish, a service, a product, a practice area."""

    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=2000)
    price: Price | None = None
    image: str = Field(default="", max_length=300, description="Image reference, if any.")


class Plan(_Shape):
    """A pricing plan."""

    name: str = Field(min_length=1, max_length=200)
    price: Price | None = None
    period: str = Field(default="", max_length=40, description='e.g. "month", "year".')
    description: str = Field(default="", max_length=2000)
    features: list[Annotated[str, Field(max_length=300)]] = Field(
        default_factory=list, max_length=30
    )


class Person(_Shape):
    """Someone the business presents."""

    name: str = Field(min_length=1, max_length=200)
    role: str = Field(default="", max_length=200)
    credentials: str = Field(default="", max_length=200, description='e.g. "DDS", "Esq."')
    bio: str = Field(default="", max_length=4000)


class Weekday(StrEnum):
    """Days of the week, Monday first (ISO 8601)."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"


class Opening(_Shape):
    """Open on one day from `opens` to `closes` (a day may have several)."""

    day: Weekday
    opens: dt.time
    closes: dt.time


class ScheduleEntry(_Shape):
    """One entry of a schedule or line-up: on a date, or every week on a weekday (a class,
    a rehearsal), or at a time of the day."""

    title: str = Field(min_length=1, max_length=200)
    date: dt.date | None = None
    until: dt.date | None = Field(default=None, description="Last day of a multi-day entry.")
    weekday: Weekday | None = Field(default=None, description="Every week on this day.")
    starts: dt.time | None = None
    ends: dt.time | None = None
    venue: str = Field(default="", max_length=300)
    description: str = Field(default="", max_length=2000)


class Question(_Shape):
    """A frequently asked question and its answer."""

    question: str = Field(min_length=1, max_length=500)
    answer: str = Field(default="", max_length=4000)


class Testimonial(_Shape):
    """What a client said, in their words."""

    quote: str = Field(min_length=1, max_length=2000)
    author: str = Field(default="", max_length=200)


class Rendition(_Shape):
    """One encoding of a picture at one size, stored as a blob."""

    key: str = Field(min_length=1, max_length=300, description="Blob key of the encoded file.")
    media_type: Literal["image/webp", "image/jpeg", "image/png"]
    width: int = Field(ge=1, le=10_000)
    height: int = Field(ge=1, le=10_000)


class Image(_Shape):
    """A picture the brief provides: its reference in the brief and, once the picture was
    read and re-encoded, the files a site serves for it (WebP in several widths and one
    JPEG or PNG fallback). A picture without renditions is not published."""

    src: str = Field(min_length=1, max_length=300, description="Image reference in the brief.")
    alt: str = Field(default="", max_length=300)
    caption: str = Field(default="", max_length=300)
    width: int | None = Field(default=None, ge=1, le=10_000, description="Largest width served.")
    height: int | None = Field(default=None, ge=1, le=10_000)
    renditions: list[Rendition] = Field(default_factory=list, max_length=8)


class FormKind(StrEnum):
    """What a form asks for."""

    CONTACT = "contact"
    BOOKING = "booking"
    CONSULTATION = "consultation"
    WAITLIST = "waitlist"
    REGISTRATION = "registration"
    DONATION = "donation"


class FormField(_Shape):
    """One field of a form."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    label: str = Field(min_length=1, max_length=120)
    type: Literal["text", "email", "tel", "date", "time", "number", "textarea", "select"] = "text"
    required: bool = False
    options: list[Annotated[str, Field(max_length=120)]] = Field(
        default_factory=list, max_length=30
    )


# Fields that hold references and codes rather than words a visitor reads.
_CODES = frozenset({"kind", "src", "key", "media_type", "number", "currency", "form", "type"})


def _words(value: object, key: str = "", field: bool = False) -> list[str]:
    """The strings of a dumped section in order, without codes and references (a form
    field's `name` is a code and its `label` words; a phone's `label` is a code)."""
    if isinstance(value, str):
        code = key in _CODES or (key == "name" and field) or (key == "label" and not field)
        return [value] if value and not code else []
    if isinstance(value, dict):
        is_field = "type" in value and "required" in value
        return [w for k, v in value.items() for w in _words(v, k, is_field)]
    if isinstance(value, list):
        return [w for v in value for w in _words(v, key, field)]
    return []


class _Section(_Shape):
    heading: str = Field(max_length=200, description="Section heading.")
    body: str = Field(
        default="", max_length=20_000, description="Paragraphs, blank-line separated."
    )
    images: list[Image] = Field(
        default_factory=list, max_length=100, description="Pictures the brief put here."
    )

    def visible_text(self) -> str:
        """Every word of the section a visitor reads (headings, copy, names, prices)."""
        return "\n".join(_words(self.model_dump(mode="json")))


class HeroSection(_Section):
    """The opening: the name, the promise and, for an event, when and where."""

    kind: Literal["hero"] = "hero"
    when: ScheduleEntry | None = Field(default=None, description="An event's date and venue.")


class TextSection(_Section):
    """Prose."""

    kind: Literal["text"] = "text"


class ListSection(_Section):
    """Prose and a plain list."""

    kind: Literal["list"] = "list"
    items: list[Annotated[str, Field(max_length=1000)]] = Field(
        default_factory=list, max_length=100
    )


class MenuSection(_Section):
    """Dishes or drinks with their prices."""

    kind: Literal["menu"] = "menu"
    items: list[Item] = Field(max_length=200)


class ServicesSection(_Section):
    """What the business does: services, treatments, practice areas."""

    kind: Literal["services"] = "services"
    items: list[Item] = Field(max_length=100)


class ProductsSection(_Section):
    """What the business sells."""

    kind: Literal["products"] = "products"
    items: list[Item] = Field(max_length=200)


class PlansSection(_Section):
    """Pricing plans side by side."""

    kind: Literal["plans"] = "plans"
    plans: list[Plan] = Field(max_length=12)


class PeopleSection(_Section):
    """The team."""

    kind: Literal["people"] = "people"
    people: list[Person] = Field(max_length=100)


class HoursSection(_Section):
    """Opening hours as a week; days without an opening are closed."""

    kind: Literal["hours"] = "hours"
    week: list[Opening] = Field(default_factory=list, max_length=28)
    notes: list[Annotated[str, Field(max_length=300)]] = Field(
        default_factory=list, max_length=10, description="e.g. holiday closures."
    )


class ScheduleSection(_Section):
    """Dates and times: a programme, a line-up, a season of events."""

    kind: Literal["schedule"] = "schedule"
    entries: list[ScheduleEntry] = Field(max_length=200)


class FaqSection(_Section):
    """Questions and answers."""

    kind: Literal["faq"] = "faq"
    questions: list[Question] = Field(max_length=100)


class TestimonialsSection(_Section):
    """Clients' words, only where the brief gives them."""

    kind: Literal["testimonials"] = "testimonials"
    quotes: list[Testimonial] = Field(max_length=50)


class GallerySection(_Section):
    """Pictures, or named works when the brief has no pictures of them."""

    kind: Literal["gallery"] = "gallery"
    items: list[Item] = Field(default_factory=list, max_length=100)


class ContactSection(_Section):
    """Where and how to reach the business."""

    kind: Literal["contact"] = "contact"
    phones: list[Phone] = Field(default_factory=list, max_length=8)
    emails: list[Annotated[str, Field(max_length=254)]] = Field(default_factory=list, max_length=8)
    addresses: list[PostalAddress] = Field(default_factory=list, max_length=4)
    lines: list[Annotated[str, Field(max_length=300)]] = Field(
        default_factory=list, max_length=20, description="Other contact lines as written."
    )


class FormSection(_Section):
    """A form visitors fill in."""

    kind: Literal["form"] = "form"
    form: FormKind
    fields: list[FormField] = Field(min_length=1, max_length=30)
    submit: str = Field(min_length=1, max_length=60, description="The button's words.")


Section = Annotated[
    HeroSection
    | TextSection
    | ListSection
    | MenuSection
    | ServicesSection
    | ProductsSection
    | PlansSection
    | PeopleSection
    | HoursSection
    | ScheduleSection
    | FaqSection
    | TestimonialsSection
    | GallerySection
    | ContactSection
    | FormSection,
    Field(discriminator="kind"),
]


class Page(_Shape):
    """One page of the site."""

    slug: str = Field(pattern=r"^[a-z0-9-]{1,60}$", description="Path segment; `index` is home.")
    title: str = Field(min_length=1, max_length=200, description="Page title.")
    sections: list[Section] = Field(max_length=60, description="Sections in display order.")


class SiteSpec(_Shape):
    """Pages → typed sections → content: everything the build needs."""

    language: str = Field(default="en", max_length=16, description="BCP 47 language tag.")
    pages: list[Page] = Field(min_length=1, max_length=20, description="Home page first.")
