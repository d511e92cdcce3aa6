"""The rules a hosted form's submission passes: its token, its honeypot, its answers; and
the forms a rendered site posts to HotStack."""

from __future__ import annotations

import re

import pytest

from hotstack_build.domain.forms import (
    TOKEN_SLOT,
    RefusedError,
    answers_of,
    as_stored,
    check_token,
    check_trap,
    form_token,
    hosted_form,
    reply_address,
    with_form_token,
)
from hotstack_build.domain.furniture import words_for
from hotstack_build.domain.render import hosted_forms, render_site
from hotstack_contracts import (
    Contact,
    FormField,
    FormKind,
    FormSection,
    Intent,
    Page,
    Palette,
    SiteSpec,
    SiteType,
    TextSection,
    standard_form,
)

KEY = b"k" * 32
BOOKING = hosted_form("booking", standard_form(FormKind.BOOKING, party=True), "book.html#form")


def refusal(call: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(RefusedError) as refused:
        call(*args, **kwargs)  # type: ignore[operator]
    return refused.value.reason


def test_a_token_holds_for_its_site_after_a_person_could_fill_the_form_until_it_expires() -> None:
    token = form_token(KEY, "diner", 1_000.0)
    window = {"min_seconds": 3.0, "max_seconds": 3600.0}
    check_token(KEY, "diner", token, 1_010.0, **window)  # does not raise
    assert refusal(check_token, KEY, "diner", token, 1_001.0, **window) == "form_too_fast"
    assert refusal(check_token, KEY, "diner", token, 4_601.0, **window) == "form_expired"
    assert refusal(check_token, KEY, "bistro", token, 1_010.0, **window) == "form_expired"
    assert refusal(check_token, b"x" * 32, "diner", token, 1_010.0, **window) == "form_expired"
    issued, _, signature = token.partition(".")
    forged = f"{int(issued) - 100}.{signature}"  # made to look older
    assert refusal(check_token, KEY, "diner", forged, 1_010.0, **window) == "form_expired"
    for garbage in ("", ".", "abc.def", "1000", "-5.x"):
        assert refusal(check_token, KEY, "diner", garbage, 1_010.0, **window) == "form_expired"


def test_a_filled_honeypot_is_refused_an_empty_one_passes() -> None:
    assert BOOKING.honeypot == "url"
    check_trap(BOOKING, {"name": "Ana", "url": ""})
    assert refusal(check_trap, BOOKING, {"url": "http://spam.example"}) == "form_expired"


def test_the_honeypot_never_takes_a_name_the_form_uses() -> None:
    fields = [FormField(name="url", label="Your website"), FormField(name="website", label="W")]
    section = FormSection(heading="Hi", form=FormKind.CONTACT, fields=fields, submit="Send")
    assert hosted_form("contact", section, "index.html#f").honeypot == "homepage"


def test_answers_are_checked_against_the_forms_fields() -> None:
    good = {
        "name": "  Ana López ",
        "email": "Ana@Example.COM",
        "phone": "+34 600 123 456",
        "date": "2027-03-14",
        "time": "19:30",
        "people": "4",
        "unknown": "ignored",
    }
    answers = answers_of(BOOKING, good)
    assert [(a.name, a.value) for a in answers] == [
        ("name", "Ana López"),
        ("email", "Ana@example.com"),
        ("phone", "+34 600 123 456"),
        ("date", "2027-03-14"),
        ("time", "19:30"),
        ("people", "4"),
    ]
    assert answers[0].label == "Your name"
    assert reply_address(BOOKING, answers) == "Ana@example.com"
    without_phone = answers_of(BOOKING, {**good, "phone": ""})
    assert [a.value for a in without_phone if a.name == "phone"] == [""]

    def why(**changed: str) -> tuple[str, str | None]:
        with pytest.raises(RefusedError) as refused:
            answers_of(BOOKING, {**good, **changed})
        return refused.value.reason, refused.value.field

    assert why(name=" ") == ("form_missing", "Your name")
    assert why(email="ana@") == ("form_bad_email", "Your email")
    assert why(date="14/03/2027") == ("form_bad_value", "Preferred date")
    assert why(time="7pm") == ("form_bad_value", "Preferred time")
    assert why(people="-2") == ("form_bad_value", "Number of people")
    assert why(people="nan") == ("form_bad_value", "Number of people")
    assert why(phone="call me") == ("form_bad_value", "Phone (optional)")
    assert why(name="x" * 201) == ("form_too_long", "Your name")


def test_every_refusal_has_words_in_every_language() -> None:
    reasons = ["form_too_fast", "form_expired", "form_missing", "form_bad_email"]
    reasons += ["form_bad_value", "form_too_long", "form_busy", "form_preview"]
    for language in ("en", "es", "fr", "de"):
        words = words_for(language)
        for reason in reasons:
            assert words[reason].format(field="X")
    assert words_for("es")["form_missing"].format(field="Tu nombre") == "Rellena «Tu nombre»."


def test_each_form_posts_to_hotstack_with_a_token_slot_and_a_hidden_honeypot() -> None:
    intent = Intent(
        site_type=SiteType.RESTAURANT,
        business_name="Casa Lola",
        tagline="Cocina de mercado",
        audience="",
        tone="warm",
        palette=Palette(primary="#7a2e1f", accent="#9a6b00", background="#fdf8f2", text="#231a16"),
        contact=Contact(emails=["hola@casalola.test"]),
    )
    spec = SiteSpec(
        language="es",
        pages=[
            Page(
                slug="index",
                title="Inicio",
                sections=[
                    TextSection(heading="Hola", body="Bienvenidos."),
                    standard_form(FormKind.BOOKING, "es", party=True),
                    standard_form(FormKind.CONTACT, "es"),
                ],
            ),
            Page(slug="eventos", title="Eventos", sections=[standard_form(FormKind.CONTACT, "es")]),
        ],
    )
    forms = hosted_forms(spec)
    assert sorted(form.key for form in forms.values()) == ["booking", "contact", "contact-2"]
    rendered = render_site(intent, spec, site_url="https://h/")
    files = {f.path: f.content.decode() for f in rendered if not f.path.startswith("fonts/")}
    home, events = files["index.html"], files["eventos.html"]
    # Each posts to the site's own address, naming itself.
    assert re.findall(r'<form class="form" method="post" action="([^"]+)"', home) == ["./", "./"]
    assert re.findall(r'name="_form" value="([^"]+)"', home) == ["booking", "contact"]
    assert 'name="_form" value="contact-2"' in events
    assert home.count(f'name="_token" value="{TOKEN_SLOT}"') == 2
    assert '<div class="trap" aria-hidden="true">' in home
    assert 'name="url" type="text" tabindex="-1" autocomplete="off"' in home
    assert ".form .trap { display: none; }" in files["styles.css"]
    assert "mailto:" not in home.split("<footer")[0]
    sent = files["sent.html"]
    assert "Gracias, ya está enviado" in sent
    assert "hotstack-form-reason" in files["not-sent.html"]


def test_a_served_page_goes_back_to_its_stored_bytes() -> None:
    stored = f'<form><input type="hidden" name="_token" value="{TOKEN_SLOT}"></form>'.encode()
    served = with_form_token(stored, form_token(KEY, "diner", 1_000.0))
    assert served != stored
    assert TOKEN_SLOT.encode() not in served
    assert as_stored(served) == stored
    assert as_stored(stored) == stored
