"""The rules extractor reads the tenant's own words into intent and spec."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotstack_contracts import Intent, ListSection, SiteSpec, SiteType
from hotstack_contracts.colour import contrast
from hotstack_contracts.document import Document
from hotstack_intent.domain.archetype import classify
from hotstack_intent.domain.extract import extract as extract_document
from hotstack_tools.testing.documents import read

pytestmark = pytest.mark.unit


def extract(text: str, prompt: str, suffix: str = ".md") -> tuple[Intent, SiteSpec]:
    document: Document = read(text, suffix)
    return extract_document(document, prompt)


SAMPLE = Path(__file__).parents[3] / "examples" / "briefs" / "paws-and-whiskers.md"


def test_sample_brief_yields_its_business_contacts_and_colours() -> None:
    intent, spec = extract(SAMPLE.read_text(), "Build me a pet adoption site")
    assert intent.site_type is SiteType.ANIMAL_SHELTER
    assert intent.business_name == "Paws & Whiskers Rescue"
    assert intent.tagline == "Every pet deserves a second chance."
    assert intent.contact.email == "hello@pawsandwhiskers.org.uk"
    phone = intent.contact.phone
    assert phone is not None
    assert (phone.display, phone.number) == ("0113 496 0321", "+441134960321")
    address = intent.contact.address
    assert address is not None
    assert address.lines == ["14 Meadow Lane", "Leeds LS6 2AB"]
    assert address.country == "GB"
    # The brand green reads on the cream background as it is; the orange (#c2571a, 4.1:1)
    # is darkened just enough to reach 4.5:1.
    assert intent.palette.primary == "#2e7d4f"
    assert intent.palette.accent == "#b95319"
    assert contrast(intent.palette.accent, intent.palette.background) >= 4.5
    assert "donations" in intent.features
    headings = [section.heading for section in spec.pages[0].sections]
    assert headings[:3] == ["Paws & Whiskers Rescue", "About us", "Adopt a pet"]
    adopt = spec.pages[0].sections[2]
    assert isinstance(adopt, ListSection)
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


def test_named_colours_on_a_colour_line_become_a_readable_palette() -> None:
    brief = (
        "# Tide & Thyme\n\nA seafood bistro on Green Street.\n\n"
        "Colours: sky blue and coral on a cream background, please.\n"
    )
    intent, _ = extract(brief, "restaurant site")
    palette = intent.palette
    assert palette.background == "#fffdd0"  # cream
    # Sky blue (#87ceeb) and coral (#ff7f50) are far below 4.5:1 on cream: adjusted.
    for colour in (palette.primary, palette.accent, palette.text):
        assert contrast(colour, palette.background) >= 4.5
    assert palette.primary != "#87ceeb"
    assert palette.accent != "#ff7f50"
    # "Green Street" is not a colour request: the line does not talk about colours.
    assert palette.primary != "#2e7d32"


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("Make it an online shop for our bread, not a café site", SiteType.SHOP),
        ("A blog about our bakery's recipes", SiteType.BLOG),
        ("website", SiteType.RESTAURANT),  # the prompt says nothing: the brief decides
    ],
)
def test_the_prompt_wins_over_the_brief(prompt: str, expected: SiteType) -> None:
    brief = "# Crumb\n\nOur café and bakery serves coffee, and our menu changes daily."
    assert classify(brief, prompt) is expected


@pytest.mark.parametrize(
    ("brief", "prompt", "name"),
    [
        ("Website brief\n\nHarbour Physio is a clinic in Wellington.", "site", "Harbour Physio"),
        ("SPARKLE CLEANING\n\nSparkle Cleaning is a family firm.", "site", "Sparkle Cleaning"),
        ("Tidepool helps surfers check tides.", "landing page for Tidepool", "Tidepool"),
        ("Luna Bakes — cakes to order in Hove.", "site", "Luna Bakes"),
        ("# Notes\n\nCompany: Orbit Labs\n", "site", "Orbit Labs"),
    ],
)
def test_business_name_from_messy_briefs(brief: str, prompt: str, name: str) -> None:
    intent, _ = extract(brief, prompt, ".txt")
    assert intent.business_name == name


@pytest.mark.parametrize(
    ("heading", "language"),
    [("About me", "en"), ("Sobre mí", "es"), ("Qui sommes-nous ?", "fr"), ("Über uns", "de")],
)
def test_the_opening_joins_the_brief_s_own_about_section(heading: str, language: str) -> None:
    opening = {
        "en": "Wedding and portrait photography in Leeds. Natural light, no stiff poses.",
        "es": "Fotografía de bodas y retratos en Barcelona. Luz natural y nada de poses.",
        "fr": "Photographie de mariage et de portrait à Lyon. Lumière naturelle, sans poses.",
        "de": "Hochzeits- und Porträtfotografie in Leipzig. Natürliches Licht, keine Posen.",
    }[language]
    own = {
        "en": "I have photographed people for twelve years.",
        "es": "Llevo doce años fotografiando a gente.",
        "fr": "Je photographie des gens depuis douze ans.",
        "de": "Ich fotografiere seit zwölf Jahren Menschen.",
    }[language]
    brief = f"# Lumen Studio\n\n{opening}\n\n## {heading}\n\n{own}\n\n## Contact\n\nhi@lumen.test\n"
    _, spec = extract(brief, "A website for my photography")
    texts = [s for p in spec.pages for s in p.sections if s.kind == "text"]
    assert [s.heading for s in texts] == [heading]  # no second, invented "About us"
    _, _, rest = opening.partition(". ")
    assert texts[0].body.split("\n\n") == [rest, own]  # the first sentence is the tagline
