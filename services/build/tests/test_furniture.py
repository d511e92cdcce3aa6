"""The catalogues of the site's own words: complete in every language, and the only source
of words in the templates."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from hotstack_build.domain import furniture
from hotstack_build.domain.furniture import FURNITURE, LANGUAGES, catalogue_path, words_for

pytestmark = pytest.mark.unit

PACKAGE = files("hotstack_build")


def extracted() -> set[str]:
    """What `pybabel extract -k N_` finds in the furniture module."""
    found = extract_from_file("python", furniture.__file__, keywords={"N_": None})
    return {message for _, message, _, _ in found if isinstance(message, str)}


def catalogue(path: str) -> dict[str, str]:
    with PACKAGE.joinpath(path).open("rb") as handle:
        parsed = read_po(handle)
    assert not [m.id for m in parsed if m.id and m.fuzzy], path
    return {str(m.id): str(m.string) for m in parsed if m.id}


def test_the_template_catalogue_holds_exactly_what_the_code_marks() -> None:
    assert extracted() == set(FURNITURE.values())
    assert set(catalogue("locale/site.pot")) == extracted()


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_every_language_translates_every_message(language: str) -> None:
    translated = catalogue(catalogue_path(language))
    assert set(translated) == extracted()
    assert [msgid for msgid, text in translated.items() if not text.strip()] == []
    words = words_for(language)
    assert words["skip"] == translated["Skip to content"]
    assert words_for(f"{language}-XX") == words  # a regional variant reads its language


def test_templates_hold_no_words_of_their_own() -> None:
    """Everything a visitor reads comes from the spec or the catalogues."""
    stray: list[str] = []
    for template in PACKAGE.joinpath("templates").iterdir():
        if not template.name.endswith(".html"):
            continue
        source = re.sub(r"{[{%#].*?[}%#]}", " ", template.read_text(), flags=re.S)
        text = re.sub(r"<[^>]*>", " ", source)
        stray += (f"{template.name}: {word}" for word in re.findall(r"[A-Za-z]{2,}", text))
        shown = re.findall(r'(?:aria-label|alt|title|placeholder)="([^"]*)"', source)
        stray += (f"{template.name}: {value}" for value in shown if re.search("[A-Za-z]", value))
    assert stray == []


def test_a_preview_page_says_it_is_a_preview_in_its_own_language() -> None:
    from hotstack_build.domain.furniture import with_preview_ribbon

    page = b'<!DOCTYPE html>\n<html lang="es">\n<head></head>\n<body class="theme-bistro">\n<a'
    marked = with_preview_ribbon(page).decode()
    assert marked.startswith('<!DOCTYPE html>\n<html lang="es">\n<head></head>\n<body class')
    ribbon = '<p class="preview-ribbon" role="note">Vista previa: este sitio aún no está'
    assert marked.index(ribbon) == marked.index('<body class="theme-bistro">') + 28
    assert "Preview: this site" in with_preview_ribbon(page.replace(b"es", b"xx")).decode()
    assert with_preview_ribbon(b"<svg/>") == b"<svg/>"  # not a page: left as it is
