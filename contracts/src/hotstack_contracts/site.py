"""The intent and site spec shapes carried by IntentExtracted."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

HEX_COLOUR = r"^#[0-9a-f]{6}$"


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


class Palette(BaseModel):
    """Site colours as lowercase hex."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    primary: str = Field(pattern=HEX_COLOUR, description="Brand colour (headers, buttons).")
    accent: str = Field(pattern=HEX_COLOUR, description="Highlights and links.")
    background: str = Field(pattern=HEX_COLOUR, description="Page background.")
    text: str = Field(pattern=HEX_COLOUR, description="Body text colour.")


class Contact(BaseModel):
    """How visitors reach the business."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    email: str | None = Field(default=None, max_length=254, description="Public email.")
    phone: str | None = Field(default=None, max_length=64, description="Public phone number.")
    address: str | None = Field(default=None, max_length=512, description="Postal address.")


class Intent(BaseModel):
    """What the tenant wants, as read from brief and prompt."""

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
    contact: Contact = Field(description="Contact details found in the brief.")


class Section(BaseModel):
    """One block of a page."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str = Field(max_length=40, description="Section kind, e.g. hero, text, list, contact.")
    heading: str = Field(max_length=200, description="Section heading.")
    body: str = Field(default="", max_length=20_000, description="Paragraph text.")
    items: list[str] = Field(default_factory=list, description="List entries, if any.")


class Page(BaseModel):
    """One page of the site."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    slug: str = Field(pattern=r"^[a-z0-9-]{1,60}$", description="Path segment; `index` is home.")
    title: str = Field(min_length=1, max_length=200, description="Page title.")
    sections: list[Section] = Field(description="Sections in display order.")


class SiteSpec(BaseModel):
    """Pages → sections → content: everything the build needs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    language: str = Field(default="en", max_length=16, description="BCP 47 language tag.")
    pages: list[Page] = Field(min_length=1, description="Pages; the first is the home page.")
