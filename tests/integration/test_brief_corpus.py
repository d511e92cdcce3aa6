"""The brief corpus read end to end: bytes through the document sandbox, the document
through the rules extractor. Reports per-field accuracy and fails below the threshold on
any field; an instruction sentence that reaches the copy fails on its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from hotstack_contracts import SiteType
from hotstack_contracts.colour import contrast
from hotstack_intent.domain.extract import extract_reading
from hotstack_libs.documents import Sandbox
from tests.corpus import CORPUS, Brief

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="module")]

FIELDS = (
    "site_type",
    "business_name",
    "email",
    "language",
    "phones",
    "addresses",
    "headings",
    "directives",
)
THRESHOLD = 0.95
REPORT = Path("test-artifacts") / "brief-corpus.txt"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def sandbox() -> AsyncIterator[Sandbox]:
    box = Sandbox()
    yield box
    await box.close()


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


async def test_the_corpus_covers_every_archetype_and_format() -> None:
    assert len(CORPUS) >= 80
    assert {brief.site_type for brief in CORPUS} == {t.value for t in SiteType}
    assert set(Counter(brief.format for brief in CORPUS)) == {"md", "txt", "html", "pdf", "docx"}
    assert len({brief.id for brief in CORPUS}) == len(CORPUS)
    assert sum(brief.language != "en" for brief in CORPUS) >= 10
    assert sum(bool(brief.must_not_publish) for brief in CORPUS) >= 15
    assert all(brief.headings for brief in CORPUS)  # every brief says what its site shows


async def _read(sandbox: Sandbox, brief: Brief) -> tuple[dict[str, object], str, object]:
    data = brief.data()
    identified = await sandbox.identify(brief.filename, data)
    document = (await sandbox.read_brief(identified.kind, data)).document
    intent, spec, reading = extract_reading(document, brief.prompt)
    copy = " ".join(s.visible_text() for p in spec.pages for s in p.sections)
    got: dict[str, object] = {
        "addresses": [address.text for address in intent.contact.addresses],
        "headings": [
            s.heading for p in spec.pages for s in p.sections if s.kind not in ("hero", "form")
        ],
        "site_type": intent.site_type.value,
        "business_name": intent.business_name,
        "email": intent.contact.email,
        "language": spec.language,
        "phones": reading.phones,
        "directives": reading.directive_keys,
    }
    palette = intent.palette
    assert contrast(palette.text, palette.background) >= 4.5
    assert contrast(palette.primary, palette.background) >= 4.5
    return got, copy, intent


def _matches(brief: Brief, field: str, got: object) -> bool:
    """Whether a field was read right."""
    if field == "addresses":
        assert isinstance(got, list)
        return {_words(a) for a in got} == {_words(a) for a in brief.addresses}
    if field == "headings":
        return got == list(brief.headings)
    if field in ("phones", "directives"):
        assert isinstance(got, list)
        wanted = brief.phones if field == "phones" else brief.directives
        return set(wanted) == set(got)  # nothing missed, nothing read that is not there
    expected = {
        "site_type": brief.site_type,
        "business_name": brief.business_name,
        "email": brief.email,
        "language": brief.language,
    }[field]
    return got == expected


async def test_per_field_accuracy_and_no_instruction_in_the_copy(sandbox: Sandbox) -> None:
    correct, checked = Counter[str](), Counter[str]()
    misses: list[str] = []
    published: list[str] = []
    for brief in CORPUS:
        got, copy, _ = await _read(sandbox, brief)
        for field in FIELDS:
            right = _matches(brief, field, got[field])
            if right is None:
                continue
            checked[field] += 1
            correct[field] += right
            if not right:
                misses.append(f"{brief.id}: {field} {got[field]!r}")
        for sentence in brief.must_not_publish:
            if _words(sentence) in _words(copy):
                published.append(f"{brief.id}: {sentence!r}")
    lines = [
        f"{field}: {correct[field]}/{checked[field]} ({correct[field] / checked[field]:.0%})"
        for field in FIELDS
    ]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join([*lines, "", *misses, "", *published]) + "\n")
    print("\n".join(["brief corpus accuracy:", *lines, *misses, *published]))
    assert published == [], published
    assert all(correct[f] / checked[f] >= THRESHOLD for f in FIELDS), (lines, misses)
