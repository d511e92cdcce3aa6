"""The typed site spec (v2) and the upcast of v1 intents."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from hotstack_contracts import (
    ContactSection,
    Envelope,
    FormKind,
    FormSection,
    HeroSection,
    IntentExtracted,
    IntentExtractedV1,
    ListSection,
    Palette,
    Price,
    SiteSpec,
    SiteType,
    TextSection,
    parse_event,
    standard_form,
)
from hotstack_contracts.site_v1 import ContactV1, IntentV1, PageV1, SectionV1, SiteSpecV1

pytestmark = pytest.mark.unit

PALETTE = Palette(primary="#7a2e1f", accent="#9a6b00", background="#fdf8f2", text="#231a16")


def v1_event(features: list[str]) -> IntentExtractedV1:
    return IntentExtractedV1(
        upload_id="upl_1",
        intent_id="int_1",
        extractor="partner",
        intent=IntentV1(
            site_type=SiteType.RESTAURANT,
            business_name="Blue Door",
            tagline="Soup and bread",
            audience="",
            tone="warm",
            features=features,
            palette=PALETTE,
            contact=ContactV1(
                email="hi@bluedoor.test", phone="(415) 555-0123", address="1 Main St, Springfield"
            ),
        ),
        spec=SiteSpecV1(
            language="en",
            pages=[
                PageV1(
                    slug="index",
                    title="Home",
                    sections=[
                        SectionV1(kind="hero", heading="Blue Door", body="Soup and bread"),
                        SectionV1(kind="list", heading="Menu", items=["Soup — $6", "Bread"]),
                        SectionV1(kind="story", heading="Our story", body="Since 1990."),
                        SectionV1(
                            kind="contact", heading="Visit", items=["(415) 555-0123", "Dogs ok"]
                        ),
                    ],
                ),
                PageV1(slug="about", title="About", sections=[]),
            ],
        ),
    )


def test_a_v1_event_upcasts_keeping_every_word() -> None:
    upcast = v1_event(["contact_form", "booking"]).upcast()
    assert isinstance(upcast, IntentExtracted)
    assert upcast.subject == "hotstack.intent.extracted.v2"
    contact = upcast.intent.contact
    assert contact.phone is not None
    assert contact.phone.display == "(415) 555-0123"
    assert contact.phone.number is None  # v1 numbers were free text: nothing is guessed
    assert contact.emails == ["hi@bluedoor.test"]
    assert contact.address is not None
    assert contact.address.lines == ["1 Main St", "Springfield"]
    home = upcast.spec.pages[0].sections
    assert [s.kind for s in home] == ["hero", "list", "text", "form", "contact", "form"]
    assert isinstance(home[1], ListSection)
    assert home[1].items == ["Soup — $6", "Bread"]
    assert isinstance(home[2], TextSection)
    assert home[2].body == "Since 1990."
    assert isinstance(home[3], FormSection)
    assert home[3].form is FormKind.BOOKING
    assert isinstance(home[4], ContactSection)
    assert home[4].lines == ["Dogs ok"]  # the phone is already among the parsed details
    assert isinstance(home[5], FormSection)
    assert home[5].form is FormKind.CONTACT
    assert upcast.intent.directives == []
    assert upcast.intent.facts == []


def test_a_v1_intent_without_contact_form_gets_no_form() -> None:
    home = v1_event([]).upcast().spec.pages[0].sections
    assert "form" not in [s.kind for s in home]


def test_v1_envelopes_still_parse_and_v2_ones_carry_typed_sections() -> None:
    v1 = Envelope.new(
        v1_event(["contact_form"]),
        source="partner/crm",
        tenant="acme",
        correlation_id="upl_1",
        subject="int_1",
    )
    parsed = parse_event(v1.to_json())
    assert isinstance(parsed.data, IntentExtractedV1)
    v2 = Envelope.new(
        parsed.data.upcast(),
        source="partner/crm",
        tenant="acme",
        correlation_id="upl_1",
        subject="int_1",
    )
    again = parse_event(v2.to_json())
    assert isinstance(again.data, IntentExtracted)
    assert again.data.spec == v2.data.spec
    assert isinstance(again.data.spec.pages[0].sections[0], HeroSection)


def test_a_section_of_unknown_kind_is_refused_naming_it() -> None:
    with pytest.raises(ValidationError, match="does not match any of the expected tags"):
        SiteSpec.model_validate(
            {"pages": [{"slug": "index", "title": "Home", "sections": [{"kind": "carousel"}]}]}
        )


def test_prices_are_integers_in_minor_units() -> None:
    assert Price(amount_minor=1250, currency="EUR", text="12,50 €").amount_minor == 1250
    with pytest.raises(ValidationError):
        Price(amount_minor=12.5, currency="EUR", text="12,50 €")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Price(amount_minor=1250, currency="euro", text="12,50 €")


@pytest.mark.parametrize(
    ("language", "heading", "submit"),
    [
        ("en", "Request a booking", "Send request"),
        ("es", "Pide tu reserva", "Enviar solicitud"),
        ("fr-CA", "Demander une réservation", "Envoyer la demande"),
        ("pt", "Request a booking", "Send request"),
    ],
)
def test_standard_forms_speak_the_site_language(language: str, heading: str, submit: str) -> None:
    form = standard_form(FormKind.BOOKING, language)
    assert (form.heading, form.submit) == (heading, submit)
    assert [f.name for f in form.fields][:2] == ["name", "email"]
    assert all(f.label for f in form.fields)
