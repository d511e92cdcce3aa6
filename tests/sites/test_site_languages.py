"""A brief in Spanish, French or German gives a site with none of the English furniture:
every page's visible text (and what a screen reader reads out) is checked against the
catalogues, and the page says its language."""

from __future__ import annotations

import asyncio
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hotstack_build.domain.furniture import FURNITURE, translations
from hotstack_contracts import FormKind
from hotstack_contracts.forms import standard_form
from tests.corpus import CORPUS
from tests.sites.conftest import render_briefs

pytestmark = pytest.mark.integration

LANGUAGES = ("es", "fr", "de")
SHOWN_ATTRIBUTES = ("aria-label", "placeholder", "alt", "title")


class _Visible(HTMLParser):
    """Text a visitor sees or hears: text nodes outside <head>, and labelling attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.lang = ""
        self.og_locale = ""
        self._head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang") or ""
        if tag == "head":
            self._head = True
        if tag == "meta" and found.get("property") == "og:locale":
            self.og_locale = found.get("content") or ""
        self.texts += (found[name] or "" for name in SHOWN_ATTRIBUTES if found.get(name))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._head = False

    def handle_data(self, data: str) -> None:
        if not self._head and data.strip():
            self.texts.append(data.strip().rstrip(":").strip())


def english_furniture(language: str) -> set[str]:
    """Every English word of the site's own that this language says otherwise."""
    gettext = translations(language).gettext
    words = {message for message in FURNITURE.values() if gettext(message) != message}
    for kind in FormKind:
        english, local = standard_form(kind, "en"), standard_form(kind, language)
        pairs = [(english.heading, local.heading), (english.submit, local.submit)]
        pairs += [(a.label, b.label) for a, b in zip(english.fields, local.fields, strict=True)]
        words |= {a for a, b in pairs if a != b}
    return words


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_brief_in_each_language_gets_no_english_furniture(language: str, tmp_path: Path) -> None:
    briefs = [brief for brief in CORPUS if brief.language == language]
    assert briefs, f"the corpus has no brief in {language}"
    sites = asyncio.run(render_briefs(briefs, tmp_path, "https://sites.test"))
    english = english_furniture(language)
    found: list[str] = []
    pages = 0
    for site, files in sites.items():
        for file in files:
            if not file.path.endswith(".html"):
                continue
            pages += 1
            page = _Visible()
            page.feed(file.content.decode())
            assert page.lang.split("-")[0] == language, (site, file.path, page.lang)
            assert page.og_locale.startswith(f"{language}_"), (site, file.path)
            found += (f"{site}/{file.path}: {text!r}" for text in page.texts if text in english)
    assert pages >= 2 * len(briefs)  # each site's pages and its 404 were read
    assert found == []
