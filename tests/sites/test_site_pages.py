"""Briefs with enough to say become sites of several pages; every internal link of every
page resolves to a page of the site, and every fragment to an element on it."""

from __future__ import annotations

import asyncio
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from hotstack_build.domain.forms import BACK_SLOT, NOT_SENT_PAGE, SENT_PAGE
from tests.corpus import CORPUS
from tests.sites.conftest import render_briefs

pytestmark = pytest.mark.integration


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        for name in ("href", "src", "action"):
            value = found.get(name)
            if value and not urlsplit(value).scheme and not value.startswith("//"):
                self.links.append(value)


# What a site answers for a missing page, once it is taken down, and to a form sent or
# refused: none of them in its navigation.
ERROR_PAGES = ("404.html", "410.html", SENT_PAGE, NOT_SENT_PAGE)


def test_long_briefs_get_pages_and_every_internal_link_resolves(tmp_path: Path) -> None:
    sites = asyncio.run(render_briefs(CORPUS, tmp_path, "https://sites.test"))
    several = {
        site: files
        for site, files in sites.items()
        if sum(f.path.endswith(".html") and f.path not in ERROR_PAGES for f in files) > 1
    }
    assert "harrow-whitfield" in several  # practice areas and partners: pages of their own
    assert len(several) >= 5
    broken: list[str] = []
    crawled = 0
    for site, files in several.items():
        by_path = {f.path: f.content for f in files}
        parsed: dict[str, _Links] = {}
        for path, content in by_path.items():
            if path.endswith(".html"):
                parsed[path] = _Links()
                parsed[path].feed(content.decode())
        for path, page in parsed.items():
            for link in page.links:
                if link == BACK_SLOT:
                    continue  # the refused form's own page, written in when it is served
                crawled += 1
                target, _, fragment = link.partition("#")
                target = target or path
                if target == "./":  # the site's own address (where its forms post)
                    target = "index.html"
                if target not in by_path:
                    broken.append(f"{site}/{path}: {link} (no such file)")
                elif fragment and fragment not in parsed[target].ids:
                    broken.append(f"{site}/{path}: {link} (no #{fragment} there)")
        # Every page is reachable from the home page's navigation.
        home = parsed["index.html"].links
        unreached = [p for p in parsed if p not in ERROR_PAGES and p not in home]
        assert unreached == [], (site, unreached)
    assert crawled > 50
    assert broken == []
