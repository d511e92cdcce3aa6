"""Copy typed casually, edited as an assistant would before publishing it."""

from __future__ import annotations

import pytest

from hotstack_intent.domain import copyedit
from hotstack_intent.domain.extract import extract
from hotstack_intent.domain.instructions import sentences
from hotstack_tools.testing.documents import read

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("sentence", "name", "tagline"),
    [
        (
            "hi! so we're st mary's community choir, about 40 of us, all ages, no auditions.",
            "St Mary's Community Choir",
            "About 40 of us, all ages, no auditions.",
        ),
        (
            "we are the riverside knitting circle and we meet every thursday at the library.",
            "Riverside Knitting Circle",
            "We meet every thursday at the library.",
        ),
        ("Hello, Fresh bread every morning.", "Crumb", "Fresh bread every morning."),
        ("We're Crumb.", "Crumb", "We're Crumb."),  # nothing left after the name: kept whole
        ("iPhone repairs while you wait.", "Fixit", "iPhone repairs while you wait."),
    ],
)
def test_a_tagline_loses_the_greeting_and_the_introduction(
    sentence: str, name: str, tagline: str
) -> None:
    assert copyedit.tagline(sentence, name) == tagline


def test_text_typed_in_lower_case_gets_its_capitals_and_other_text_is_left_alone() -> None:
    casual = "we rehearse every tuesday in the hall. i bring biscuits. subs are £5 in may."
    assert copyedit.sentence_case(casual, "en") == (
        "We rehearse every Tuesday in the hall. I bring biscuits. Subs are £5 in may."
    )
    written = "We sell eBay-tested gear. our prices are fair."
    assert copyedit.sentence_case(written, "en") == written
    assert copyedit.sentence_case("ensayamos los martes. ven cuando quieras.", "es") == (
        "Ensayamos los martes. Ven cuando quieras."
    )


def test_a_stop_after_an_abbreviation_does_not_end_the_sentence() -> None:
    assert sentences("Grace Okafor, Esq. founded the firm. Dr. Chen joined in 2010.") == [
        "Grace Okafor, Esq. founded the firm.",
        "Dr. Chen joined in 2010.",
    ]


def test_a_brief_typed_in_lower_case_is_published_with_capitals() -> None:
    brief = (
        "hi! so we're st mary's community choir, about 40 of us, all ages.\n\n"
        "we rehearse every tuesday 7.30-9pm in the church hall. new members always welcome.\n\n"
        "email sing@stmaryschoir.org.uk\n"
    )
    intent, spec = extract(read(brief, ".txt"), "something simple for the choir")
    assert intent.business_name == "St Mary's Community Choir"
    assert intent.tagline == "About 40 of us, all ages."
    about = spec.pages[0].sections[1]
    assert about.body == (
        "We rehearse every Tuesday 7.30-9pm in the church hall. New members always welcome."
    )
