"""Each kind of directive, asked in the prompt or the brief, shows on the published site:
the brief is read (format parsers, then the rules extractor) and the site rendered (the
build's templates), and the test reads the pages a visitor would get."""

from __future__ import annotations

import re

import pytest

from hotstack_build.domain.render import render_site
from hotstack_contracts import DirectiveKind, Intent
from hotstack_intent.domain.extract import extract
from hotstack_tools.testing.documents import read

pytestmark = pytest.mark.integration

CLINIC = """# Harbour Vets

Caring for the pets of Portland since 1998: check-ups, vaccinations and surgery.

## Services

- Check-ups and vaccinations
- Dental care
- Surgery

## Reviews

- "They saved our old cat." — Jo

## Events

- Sat 6 March 2027: Puppy socialisation morning
- Sat 10 April 2027: Open day at the clinic

## Pricing

- Basic care plan — $15/month — check-ups, vaccinations
- Plus care plan — $25/month — check-ups, vaccinations, dental

## Contact

Call (503) 555-0142. Out of hours emergencies: (503) 555-0199.
Email hello@harbourvets.com
"""


def site(prompt: str, brief: str = CLINIC, suffix: str = ".md") -> tuple[Intent, dict[str, str]]:
    intent, spec = extract(read(brief, suffix), prompt)
    files = render_site(intent, spec, site_url="https://h.test/sites/vets/")
    return intent, {f.path: f.content.decode() for f in files if f.path.endswith((".html", ".css"))}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _asked(intent: Intent, kind: DirectiveKind, value: str) -> None:
    """The directive is on the intent, with the words it came from."""
    found = [d for d in intent.directives if d.kind is kind and d.value == value]
    assert found, [(d.kind.value, d.value) for d in intent.directives]
    assert found[0].source.text


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def test_colours_asked_for_are_the_site_colours() -> None:
    intent, pages = site("A site for our vet clinic, in navy and gold please.")
    _asked(intent, DirectiveKind.COLOURS, "navy,gold")
    primary = re.search(r"--primary: (#[0-9a-f]{6});", pages["styles.css"])
    accent = re.search(r"--accent: (#[0-9a-f]{6});", pages["styles.css"])
    assert primary is not None
    assert accent is not None
    red, green, blue = _rgb(primary.group(1))
    assert blue > max(red, green)  # navy: a dark blue
    assert max(red, green, blue) < 128
    red, green, blue = _rgb(accent.group(1))
    assert min(red, green) > blue  # gold: yellow-brown


def test_a_monochrome_look_has_no_hue() -> None:
    intent, pages = site("Vet clinic website. Monochrome look, nothing loud.")
    _asked(intent, DirectiveKind.COLOURS, "monochrome")
    for name in ("primary", "accent", "bg", "text"):
        found = re.search(rf"--{name}: (#[0-9a-f]{{6}});", pages["styles.css"])
        assert found
        red, green, blue = _rgb(found.group(1))
        assert max(red, green, blue) - min(red, green, blue) <= 8, (name, found.group(1))


def test_something_excluded_is_not_published() -> None:
    intent, pages = site("A site for our vet clinic. No reviews please.")
    _asked(intent, DirectiveKind.EXCLUDE, "testimonials")
    home = _text(pages["index.html"])
    assert "They saved our old cat" not in home
    assert "Reviews" not in home


def test_something_included_is_published() -> None:
    intent, pages = site(
        "A site for our vet clinic. Please include donations for our shelter fund."
    )
    _asked(intent, DirectiveKind.INCLUDE, "donations")
    home = pages["index.html"]
    assert 'id="donation"' in home
    assert 'name="amount"' in home


def test_a_replaced_plan_is_gone_and_its_replacement_is_there() -> None:
    intent, pages = site("Vet clinic site. Replace the Plus care plan with a waitlist.")
    _asked(intent, DirectiveKind.REPLACE, "plus care plan -> waitlist")
    home = pages["index.html"]
    plans = home.split('id="pricing"')[1].split("</section>")[0]
    assert "Basic care plan" in plans
    assert "Plus care plan" not in plans
    assert 'id="waitlist"' in home
    assert ">Join the waitlist</button>" in home


def test_a_page_of_its_own_is_a_page_in_the_navigation() -> None:
    intent, pages = site("Vet clinic site, with our events on a page of their own.")
    _asked(intent, DirectiveKind.PAGE, "events")
    assert '<a href="events.html">Events</a>' in pages["index.html"]
    events = pages["events.html"]
    assert '<time datetime="2027-03-06">Saturday, March 6, 2027</time>' in events
    assert "Puppy socialisation morning" in events
    assert "Puppy socialisation morning" not in pages["index.html"]


def test_a_form_asked_for_has_its_fields() -> None:
    brief = CLINIC + "\nWe would like a consultation request form on the site.\n"
    intent, pages = site("Vet clinic website", brief)
    _asked(intent, DirectiveKind.FORM, "consultation")
    home = pages["index.html"]
    form = home.split('id="consultation"')[1].split("</form>")[0]
    assert ">What is it about?</label>" in form
    assert 'name="email" type="email"' in form
    assert "consultation request form" not in _text(home)  # the request is not copy


def test_the_language_asked_for_is_the_site_language() -> None:
    intent, pages = site("Make the site in Spanish please.")
    _asked(intent, DirectiveKind.LANGUAGE, "es")
    home = pages["index.html"]
    assert '<html lang="es">' in home
    assert ">Ir al contenido</a>" in home
    assert "Urgencias: <a" in home
    assert ">Tu nombre</label>" in home


def test_the_number_asked_to_stand_out_is_in_the_hero() -> None:
    intent, pages = site("Vet clinic site. Make the emergency number stand out.")
    _asked(intent, DirectiveKind.EMPHASIS, "emergency_phone")
    hero = pages["index.html"].split('<section class="hero')[1].split("</section>")[0]
    assert 'Emergency: <a href="tel:+15035550199">(503) 555-0199</a>' in hero


def test_directives_in_the_brief_are_followed_and_the_prompt_wins() -> None:
    brief = CLINIC + "\nOur colours are green and cream. No events on the site.\n"
    intent, pages = site("Vet clinic site in navy and gold, and do list our events.", brief)
    _asked(intent, DirectiveKind.COLOURS, "navy,gold")
    assert not any(d.value == "green,cream" for d in intent.directives)
    assert "Puppy socialisation morning" in pages["index.html"]
    assert "Our colours are green and cream" not in _text(pages["index.html"])
