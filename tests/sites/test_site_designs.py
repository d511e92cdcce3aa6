"""Every archetype's design in headless Chromium at 1280 and 375 px wide: no console
errors, no failed requests, no text below 4.5:1 against what is behind it, no serious or
critical axe-core violation, no horizontal overflow on a phone; screenshots, and a contact
sheet of every design, are written to test-artifacts/sites/. Every generated page passes
the Nu HTML validator, and every design's home page scores 95 or more in each Lighthouse
category, scored for a phone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, NoReturn

import pytest

from hotstack_build.domain.theme import theme_for
from hotstack_contracts import SiteType
from hotstack_tools.testing.browser import chromium_path
from hotstack_tools.testing.validator import nu_validate
from tests.sites.conftest import ONE_PER_ARCHETYPE
from tests.sites.contact_sheet import contact_sheet

pytestmark = pytest.mark.integration

ARTIFACTS = Path("test-artifacts") / "sites"
CONTRAST_JS = (Path(__file__).parent / "contrast.js").read_text()
WIDTHS = (1280, 375)
TOOLS = Path(__file__).parent / "tools"
AXE = TOOLS / "node_modules" / "axe-core" / "axe.min.js"
LIGHTHOUSE = TOOLS / "lighthouse.mjs"
LIGHTHOUSE_MINIMUM = 95
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Impacts that fail a page; "minor" and "moderate" findings are printed, not failed.
FAILING_IMPACTS = ("serious", "critical")
AXE_JS = """async () => {
  const found = await axe.run(document, {resultTypes: ["violations"]});
  return found.violations.map(v => ({id: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""


def _missing(reason: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def axe() -> str:
    """axe-core's script, as scripts/test-tools.sh installs it from the npm registry."""
    if not AXE.is_file():
        _missing("axe-core is not installed (scripts/test-tools.sh installs it with npm)")
    return AXE.read_text()


def test_one_site_per_archetype_is_rendered(rendered_sites: tuple[str, Path, Any]) -> None:
    _, _, pages = rendered_sites
    archetypes = {brief.site_type for brief in ONE_PER_ARCHETYPE}
    assert archetypes == {t.value for t in SiteType}  # the neutral fallback too
    assert all("index.html" in paths and "404.html" in paths for paths in pages.values())


@pytest.mark.timeout(600)  # every page at two widths: a slow machine needs longer than most
def test_every_page_renders_cleanly_at_desktop_and_phone_width(
    rendered_sites: tuple[str, Path, Any], chromium: Any, axe: str
) -> None:
    base, _, pages = rendered_sites
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    checked = audited = 0
    for site, paths in pages.items():
        for path in paths:
            for width in WIDTHS:
                context = chromium.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                errors: list[str] = []
                page.on(
                    "console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None
                )
                page.on("pageerror", lambda x, e=errors: e.append(str(x)))
                page.on("requestfailed", lambda r, e=errors: e.append(f"failed {r.url}"))
                page.on(
                    "response",
                    lambda r, e=errors: (
                        e.append(f"{r.status} {r.url}") if r.status >= 400 else None
                    ),
                )
                page.goto(f"{base}/{site}/{path}", wait_until="load")
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                low_contrast = page.evaluate(CONTRAST_JS, 4.5)
                page.add_script_tag(content=axe)
                violations = page.evaluate(AXE_JS)
                shot = ARTIFACTS / f"{site}--{path.removesuffix('.html')}--{width}.png"
                page.screenshot(path=str(shot), full_page=True)
                context.close()
                checked += 1
                if errors:
                    problems.append(f"{site}/{path}@{width}: {errors}")
                if low_contrast:
                    problems.append(f"{site}/{path}@{width}: contrast below 4.5: {low_contrast}")
                failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
                if failing:
                    problems.append(f"{site}/{path}@{width}: axe: {failing}")
                audited += 1
                if width == 375 and overflow > 0:
                    problems.append(f"{site}/{path}@375: {overflow}px of horizontal overflow")
    assert checked == audited == sum(len(p) for p in pages.values()) * len(WIDTHS)
    assert problems == []
    tiles = [
        (
            f"{brief.id} - {theme_for(SiteType(brief.site_type))}",
            ARTIFACTS / f"{brief.id}--index--1280.png",
            ARTIFACTS / f"{brief.id}--index--375.png",
        )
        for brief in ONE_PER_ARCHETYPE
    ]
    assert contact_sheet(tiles, ARTIFACTS / "contact-sheet.png") == len(SiteType)


def test_every_page_passes_the_nu_html_validator(rendered_sites: tuple[str, Path, Any]) -> None:
    _, root, pages = rendered_sites
    result = nu_validate(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sum(len(p) for p in pages.values()) >= 18  # the pages it checked


def test_every_design_scores_95_on_lighthouse(rendered_sites: tuple[str, Path, Any]) -> None:
    base, _, _ = rendered_sites
    node, chrome = shutil.which("node"), chromium_path()
    if node is None or chrome is None or not (TOOLS / "node_modules" / "lighthouse").is_dir():
        _missing("Lighthouse needs node, Chromium and scripts/test-tools.sh's npm install")
    urls = {f"{base}/{brief.id}/index.html": brief for brief in ONE_PER_ARCHETYPE}
    run = subprocess.run(
        [node, str(LIGHTHOUSE), *urls],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env={**os.environ, "CHROME_PATH": chrome},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    scores = json.loads(run.stdout)
    table = [
        f"{theme_for(SiteType(brief.site_type)):8} {brief.id:28} "
        + " ".join(f"{scores[url][c]:3}" for c in CATEGORIES)
        for url, brief in urls.items()
    ]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    header = f"{'design':8} {'site':28} perf a11y  bp seo"
    (ARTIFACTS / "lighthouse.txt").write_text("\n".join([header, *table]) + "\n")
    low = {
        url: scores[url]
        for url in urls
        if scores[url]["errors"] or any(scores[url][c] < LIGHTHOUSE_MINIMUM for c in CATEGORIES)
    }
    assert low == {}, "\n".join(table)
