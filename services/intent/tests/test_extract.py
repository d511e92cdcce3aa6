"""The rules extractor reads the tenant's own words into intent and spec."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotstack_contracts import SiteType
from hotstack_intent.domain.extract import classify, extract

pytestmark = pytest.mark.unit

SAMPLE = Path(__file__).parents[3] / "examples" / "briefs" / "paws-and-whiskers.md"


def test_sample_brief_yields_its_business_contacts_and_colours() -> None:
    intent, spec = extract(SAMPLE.read_text(), "Build me a pet adoption site")
    assert intent.site_type is SiteType.ANIMAL_SHELTER
    assert intent.business_name == "Paws & Whiskers Rescue"
    assert intent.tagline == "Every pet deserves a second chance."
    assert intent.contact.email == "hello@pawsandwhiskers.org.uk"
    assert intent.contact.phone == "0113 496 0321"
    assert intent.contact.address == "14 Meadow Lane, Leeds LS6 2AB"
    assert (intent.palette.primary, intent.palette.accent) == ("#2e7d4f", "#c2571a")
    assert "donations" in intent.features
    headings = [section.heading for section in spec.pages[0].sections]
    assert headings[:3] == ["Paws & Whiskers Rescue", "About us", "Adopt a pet"]
    adopt = spec.pages[0].sections[2]
    assert adopt.items[0].startswith("Dogs of every size")
    body = " ".join(section.body for section in spec.pages[0].sections)
    assert "Email:" not in body
    assert "#2e7d4f" not in body


@pytest.mark.parametrize(
    ("prompt", "text", "expected"),
    [
        ("Build a site for my café", "Our menu has soups and coffee.", SiteType.RESTAURANT),
        ("A landing page for our SaaS app", "Sign up for the platform.", SiteType.PRODUCT),
        ("Website for the summer festival", "Tickets and schedule inside.", SiteType.EVENT),
        ("Hello", "Nothing in particular here.", SiteType.GENERAL),
    ],
)
def test_archetype_comes_from_prompt_and_brief(prompt: str, text: str, expected: SiteType) -> None:
    assert classify(text, prompt) is expected


def test_prompt_outweighs_the_brief() -> None:
    text = "We also sell some coffee beans in our little shop."
    assert classify(text, "Make a portfolio site for my photography") is SiteType.PORTFOLIO


def test_name_comes_from_a_labelled_line_before_anything_else() -> None:
    intent, _ = extract("# Welcome\n\nBusiness name: Harbour Lights Bakery\n", "a bakery site")
    assert intent.business_name == "Harbour Lights Bakery"
