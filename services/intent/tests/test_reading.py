"""Reading a brief as a person would: instructions apart from copy, directives, phones."""

from __future__ import annotations

import pytest

from hotstack_contracts import SiteType
from hotstack_intent.domain import contacts, directives
from hotstack_intent.domain.archetype import classify
from hotstack_intent.domain.extract import extract_reading
from hotstack_intent.domain.instructions import is_framing, is_instruction
from hotstack_tools.testing.documents import read

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "sentence",
    [
        "The website should feel calm and modern, nothing loud.",
        "We do not want testimonials on the site.",
        "Please give the partners a page of their own.",
        "La web debe tener colores cálidos.",
        "No queremos testimonios.",
        "Merci d'ajouter un plan d'accès.",
        "Die Website soll seriös wirken.",
        "Bitte keine Bewertungen anzeigen.",
        "To: Web team.",
        "Make the booking line stand out.",
    ],
)
def test_instructions_to_the_builder_are_recognised(sentence: str) -> None:
    assert is_instruction(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "We want every dog to find a loving home.",
        "Please call ahead if you are bringing a group.",
        "Merci de réserver à l'avance.",
        "Bitte reservieren Sie einen Tisch.",
        "El precio incluye IVA.",
        "We teach lessons in English and Spanish.",
        "Our cakes are baked fresh every morning.",
        "We need volunteers every Saturday morning.",
    ],
)
def test_copy_for_visitors_is_not_an_instruction(sentence: str) -> None:
    assert not is_instruction(sentence)


def test_framing_headings_are_told_from_names() -> None:
    assert is_framing("Website brief")
    assert is_framing("Notes for the designer")
    assert not is_framing("Harbour Dental")
    assert not is_framing("Our treatments")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Make the emergency number stand out", "emphasis:emergency_phone"),
        ("Events on a page of their own please", "page:events"),
        ("No reviews.", "exclude:testimonials"),
        ("Drop the basic tier, take sign-ups for a waitlist instead", "form:waitlist"),
        ("In Spanish please", "language:es"),
        ("Navy and gold colour scheme", "colours:navy,gold"),
        ("Keep it monochrome", "colours:monochrome"),
        ("with a consultation request form", "form:consultation"),
    ],
)
def test_directives_are_read_from_requests(text: str, expected: str) -> None:
    keys = [f"{d.kind.value}:{d.value}" for d in directives.read(text, "prompt")]
    assert expected in keys


def test_the_prompt_overrules_the_brief_on_colours() -> None:
    brief = directives.read("Colours: red and black.", "line 3")
    prompt = directives.read("Make it navy and gold", "prompt")
    merged = directives.merge(brief, prompt)
    assert [d.value for d in merged if d.kind is directives.DirectiveKind.COLOURS] == ["navy,gold"]


def test_us_numbers_in_parentheses_keep_their_area_code_and_labels() -> None:
    text = "Main line: (415) 555-0123\nAfter-hours emergencies: (415) 555-0199\nFax (415) 555-0100"
    found = contacts.phones([(text, "line 1")], "en", text)
    assert [(p.e164, p.label) for p in found] == [
        ("+14155550123", "main"),
        ("+14155550199", "emergency"),
        ("+14155550100", "fax"),
    ]
    assert found[0].display == "(415) 555-0123"


def test_a_year_range_in_a_bio_is_not_a_phone() -> None:
    text = "She served at the District Attorney's office (1996-2008) and in 2009-2012."
    assert contacts.phones([(text, "line 4")], "en", text) == []


def test_substrings_no_longer_pick_the_archetype() -> None:
    # "appointments" is not "app"; "catering" is not "cat".
    assert classify("Appointments for check-ups at our clinic.", "site") is SiteType.HEALTH_CLINIC
    assert classify("Street tacos and catering.", "site for my food truck") is SiteType.RESTAURANT


def test_a_neutral_brief_falls_back_to_the_organisation_design() -> None:
    assert classify("We meet sometimes and talk about things.", "a website") is SiteType.GENERAL


def test_instructions_never_become_copy_and_refused_testimonials_stay_off() -> None:
    brief = (
        "# Okafor & Partners\n\nThe website must present our practice groups. We do not want "
        "testimonials on the site.\n\n## Practice areas\n\n- Litigation\n- Employment law\n\n"
        "## Testimonials\n\n- Great firm!\n"
    )
    intent, spec, reading = extract_reading(read(brief), "law firm site")
    copy = " ".join(s.visible_text() for s in spec.pages[0].sections)
    assert "website must" not in copy
    assert "Great firm" not in copy
    assert "testimonials" not in intent.features
    assert intent.site_type is SiteType.PROFESSIONAL_FIRM
    assert any("do not want testimonials" in text for text, _ in reading.instructions)


def test_a_page_of_its_own_makes_a_second_page() -> None:
    brief = "# Choir\n\nWe sing.\n\n## Concerts\n\n- Christmas concert, 13 December\n"
    _, spec, _ = extract_reading(read(brief), "choir site, concerts on a page of their own")
    assert [page.slug for page in spec.pages] == ["index", "events"]
    assert spec.pages[1].sections[0].heading == "Concerts"


def test_the_site_language_follows_the_wish_then_the_brief() -> None:
    brief = "# La Espiga\n\nHorneamos pan de masa madre cada mañana en el barrio."
    _, spec, _ = extract_reading(read(brief), "a bakery site")
    assert spec.language == "es"
    _, spec, _ = extract_reading(read(brief), "a bakery site, in English please")
    assert spec.language == "en"
