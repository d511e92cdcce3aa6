"""Typed facts read from briefs: prices, opening hours, dates, people, quotes, questions,
and the typed sections a brief's parts become."""

from __future__ import annotations

import datetime as dt

import pytest

from hotstack_contracts import (
    FaqSection,
    HoursSection,
    MenuSection,
    PeopleSection,
    PlansSection,
    ScheduleSection,
    Weekday,
)
from hotstack_contracts import (
    TestimonialsSection as QuotesSection,  # not collected as a test class
)
from hotstack_intent.domain import hours, prices
from hotstack_intent.domain.extract import extract_reading
from hotstack_intent.domain.sections import (
    dated,
    item,
    person,
    questions,
    quote_from,
    timed,
    weekly,
)
from hotstack_tools.testing.documents import read

pytestmark = pytest.mark.unit

TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("text", "region", "minor", "currency", "written", "period"),
    [
        ("Tagliatelle al ragù — €12", "IT", 1200, "EUR", "€12", ""),
        ("Tarta de queso 4,50 €", "ES", 450, "EUR", "4,50 €", ""),
        ("Pro $29 / month — unlimited projects", "US", 2900, "USD", "$29/month", "month"),
        ("Pro $29/mo", "CA", 2900, "CAD", "$29/mo", "month"),
        ("Ramen ¥1200", "JP", 1200, "JPY", "¥1200", ""),  # no minor unit: yen are whole
        ("Haircut CHF 45", "CH", 4500, "CHF", "CHF 45", ""),
        ("Family ticket £24 per person", "GB", 2400, "GBP", "£24", "person"),
        ("Espresso - 2,20 euros", "FR", 220, "EUR", "2,20 euros", ""),
        ("Pain de campagne 3,10 EUR la pièce", "FR", 310, "EUR", "3,10 EUR", ""),
    ],
)
def test_prices_keep_their_exact_amount_and_currency(
    text: str, region: str, minor: int, currency: str, written: str, period: str
) -> None:
    found = prices.find(text, region)
    assert found is not None
    assert (found.price.amount_minor, found.price.currency) == (minor, currency)
    assert (found.price.text, found.period) == (written, period)


@pytest.mark.parametrize("text", ["Open day 14 June", "Sleeps 4 guests", "Since 1998"])
def test_numbers_without_a_currency_are_no_price(text: str) -> None:
    assert prices.find(text, "US") is None


def _week(text: str, language: str = "en") -> list[tuple[str, str, str]]:
    return [
        (o.day.value[:3], o.opens.strftime("%H:%M"), o.closes.strftime("%H:%M"))
        for o in hours.week(text, language)
    ]


def test_opening_hours_become_a_week_in_four_languages() -> None:
    weekdays = ["mon", "tue", "wed", "thu", "fri"]
    assert _week("Mon–Fri 8am–6pm, Sat 9am–1pm, Sun closed") == [
        *((d, "08:00", "18:00") for d in weekdays),
        ("sat", "09:00", "13:00"),
    ]
    assert _week("Du lundi au vendredi de 9h à 18h", "fr") == [
        (d, "09:00", "18:00") for d in weekdays
    ]
    assert _week("Mo.–Fr. 9:00–18:00 Uhr, Sa. 10–14 Uhr", "de")[-1] == ("sat", "10:00", "14:00")
    spanish = _week("Lunes a viernes de 8:00 a 14:00 y de 17:00 a 20:00. Sábados 9:00–14:00.", "es")
    assert spanish[:2] == [("mon", "08:00", "14:00"), ("mon", "17:00", "20:00")]
    assert spanish[-1] == ("sat", "09:00", "14:00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Weekdays 9-5", ("mon", "09:00", "17:00")),  # nobody opens until five in the morning
        ("Monday: 9–12 and 2–6", ("mon", "14:00", "18:00")),  # split hours: after lunch
        ("Daily 11am–10pm", ("sun", "11:00", "22:00")),
        ("Tuesday to Saturday, 7am to noon", ("sat", "07:00", "12:00")),
    ],
)
def test_opening_hours_are_read_as_people_mean_them(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in _week(text)


def test_a_line_without_days_and_times_is_no_opening() -> None:
    assert hours.week("We close early on bank holidays") == []
    assert hours.week("Call us on Saturday") == []


@pytest.mark.parametrize(
    ("text", "language", "title", "day", "starts", "venue"),
    [
        (
            "Sat 14 June, 7pm — Spring concert at St Mary's Hall",
            "en",
            "Spring concert",
            dt.date(2027, 6, 14),
            dt.time(19),
            "St Mary's Hall",
        ),
        (
            "Spring concert — Saturday 14 June 2027, 19:30, St Mary's Hall",
            "en",
            "Spring concert",
            dt.date(2027, 6, 14),
            dt.time(19, 30),
            "St Mary's Hall",
        ),
        (
            "Concierto de Navidad, 20 de diciembre a las 19:00",
            "es",
            "Concierto de Navidad",
            dt.date(2026, 12, 20),
            dt.time(19),
            "",
        ),
        ("14 June: Open rehearsal. Bring a friend", "en", "Open rehearsal", dt.date(2027, 6, 14),
         None, ""),
    ],
)  # fmt: skip
def test_dated_entries_keep_title_date_time_and_venue(
    text: str, language: str, title: str, day: dt.date, starts: dt.time | None, venue: str
) -> None:
    entry = dated(text, language, TODAY)
    assert entry is not None
    assert (entry.title, entry.date, entry.starts, entry.venue) == (title, day, starts, venue)


def test_a_range_of_days_keeps_its_first_and_last_day() -> None:
    entry = dated("Riverside PyCon, 18-19 September, Convention Centre", "en", TODAY)
    assert entry is not None
    assert (entry.date, entry.until) == (dt.date(2027, 9, 18), dt.date(2027, 9, 19))
    assert entry.venue == "Convention Centre"


def test_weekly_and_timed_entries() -> None:
    (monday,) = weekly("Kinderturnen: Montag 16 bis 17 Uhr", "de")
    assert (monday.title, monday.weekday, monday.starts, monday.ends) == (
        "Kinderturnen", Weekday.MONDAY, dt.time(16), dt.time(17)
    )  # fmt: skip
    ceremony = timed("2pm ceremony in the orchard")
    assert ceremony is not None
    assert (ceremony.title, ceremony.starts) == ("Ceremony in the orchard", dt.time(14))
    assert timed("2 dogs and a cat") is None
    dinner = timed("19:30 — Dinner")
    quiz = timed("7.30 p.m. quiz night")
    assert dinner is not None
    assert quiz is not None
    assert [(dinner.title, dinner.starts), (quiz.title, quiz.starts)] == [
        ("Dinner", dt.time(19, 30)),
        ("Quiz night", dt.time(19, 30)),
    ]


def test_a_weekday_alone_is_a_routine_not_a_date() -> None:
    assert dated("Rehearsals every Tuesday 7pm", "en", TODAY) is None


def test_people_keep_name_credentials_role_and_bio() -> None:
    chen = person("Dr. Maria Chen, DDS — Lead dentist. Maria has 20 years of experience.")
    assert chen is not None
    assert (chen.name, chen.credentials, chen.role) == ("Dr. Maria Chen", "DDS", "Lead dentist")
    assert chen.bio == "Maria has 20 years of experience."
    hale = person("Tom Hale (head baker)")
    assert hale is not None
    assert (hale.name, hale.role) == ("Tom Hale", "head baker")
    assert person("Fillings and crowns") is None
    assert person("Same-day emergency appointments") is None


def test_quotes_and_questions_keep_their_parts() -> None:
    quote = quote_from("“Best bread in town.” — Ana, Valencia")
    assert quote is not None
    assert (quote.quote, quote.author) == ("Best bread in town.", "Ana, Valencia")
    found = questions(
        [
            ("Do you take walk-ins? Yes, before 11am.", "line 3"),
            ("Is there parking?", "line 4"),
            ("Free parking behind the shop.", "line 5"),
        ]
    )
    assert [(q.question, q.answer, at) for q, at in found] == [
        ("Do you take walk-ins?", "Yes, before 11am.", "line 3"),
        ("Is there parking?", "Free parking behind the shop.", "line 4"),
    ]


def test_an_item_without_price_splits_name_and_description() -> None:
    assert item("Fillings: gentle, same day", "US").model_dump() == {
        "name": "Fillings",
        "description": "gentle, same day",
        "price": None,
        "image": "",
    }


BRIEF = """# Harbour Dental

Gentle dentistry in Portland since 1998.

## Our team

- Dr. Maria Chen, DDS — Lead dentist. Maria founded the practice.
- Sam Ortiz, RDH — Hygienist

## Prices

- Check-up — $85
- Whitening — $350

## Opening hours

Mon–Thu 8am–5pm
Fri 8am–1pm
Closed on public holidays.

## Events

- Sat 6 March 2027: Free kids' check-up day
- Tue 13 April 2027, 6pm: Talk on gum health at the library

## FAQ

Do you take new patients? Yes, call us.

## What patients say

- "They made my son feel at ease." — Priya K.

## Contact

Call (503) 555-0142.
"""


def test_a_brief_becomes_typed_sections_with_their_facts() -> None:
    intent, spec, _ = extract_reading(read(BRIEF), "A site for our dental practice", TODAY)
    sections = {type(s): s for s in spec.pages[0].sections}
    people = sections[PeopleSection]
    assert isinstance(people, PeopleSection)
    assert [(p.name, p.credentials, p.role) for p in people.people] == [
        ("Dr. Maria Chen", "DDS", "Lead dentist"),
        ("Sam Ortiz", "RDH", "Hygienist"),
    ]
    plans = sections.get(PlansSection) or sections.get(MenuSection)
    assert plans is None  # a clinic's price list is services with prices, not plans
    week = sections[HoursSection]
    assert isinstance(week, HoursSection)
    assert {o.day for o in week.week} == {
        Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY
    }  # fmt: skip
    assert week.notes == ["Closed on public holidays."]
    schedule = sections[ScheduleSection]
    assert isinstance(schedule, ScheduleSection)
    assert [(e.date, e.title) for e in schedule.entries] == [
        (dt.date(2027, 3, 6), "Free kids' check-up day"),
        (dt.date(2027, 4, 13), "Talk on gum health"),
    ]
    assert schedule.entries[1].venue == "the library"
    faq = sections[FaqSection]
    assert isinstance(faq, FaqSection)
    assert faq.questions[0].answer == "Yes, call us."
    quotes = sections[QuotesSection]
    assert isinstance(quotes, QuotesSection)
    assert quotes.quotes[0].author == "Priya K."
    facts = {(f.name, f.value): f.source for f in intent.facts}
    assert facts[("price", "Whitening: $350")].at.startswith("line ")
    assert ("person", "Sam Ortiz") in facts
    assert ("event", "2027-03-06 Free kids' check-up day") in facts
    assert facts[("phone", "+15035550142")].text == "Call (503) 555-0142."
