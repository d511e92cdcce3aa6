"""The brief corpus read end to end: bytes through the document sandbox, text through the
rules extractor. Reports per-field accuracy and fails below 90% on any field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from hotstack_contracts import SiteType
from hotstack_contracts.colour import contrast
from hotstack_intent.domain.extract import extract
from hotstack_libs.documents import Sandbox
from tests.corpus.briefs import BRIEFS

pytestmark = [pytest.mark.integration, pytest.mark.asyncio(loop_scope="module")]

FIELDS = ("site_type", "business_name", "email")
THRESHOLD = 0.90
REPORT = Path("test-artifacts") / "brief-corpus.txt"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def sandbox() -> AsyncIterator[Sandbox]:
    box = Sandbox()
    yield box
    await box.close()


async def test_the_corpus_covers_every_archetype_and_format() -> None:
    assert len(BRIEFS) >= 24
    archetypes = {brief.site_type for brief in BRIEFS}
    assert archetypes == {t.value for t in SiteType} - {SiteType.GENERAL.value}
    assert set(Counter(brief.format for brief in BRIEFS)) == {"md", "txt", "html", "pdf", "docx"}
    assert len({brief.id for brief in BRIEFS}) == len(BRIEFS)


async def test_per_field_accuracy_is_at_least_90_percent(sandbox: Sandbox) -> None:
    correct = Counter[str]()
    misses: list[str] = []
    for brief in BRIEFS:
        data = brief.data()
        identified = await sandbox.identify(brief.filename, data)
        text = (await sandbox.read_text(identified.kind, data)).value
        intent, spec = extract(text, brief.prompt)
        got = {
            "site_type": intent.site_type.value,
            "business_name": intent.business_name,
            "email": intent.contact.email,
        }
        expected = {
            "site_type": brief.site_type,
            "business_name": brief.business_name,
            "email": brief.email,
        }
        for field in FIELDS:
            if got[field] == expected[field]:
                correct[field] += 1
            else:
                misses.append(f"{brief.id}: {field} {got[field]!r} != {expected[field]!r}")
        # Whatever was read, the spec is the brief's own words and readable.
        copy = " ".join(s.body + " ".join(s.items) for p in spec.pages for s in p.sections)
        assert "lorem" not in copy.lower()
        palette = intent.palette
        assert contrast(palette.text, palette.background) >= 4.5
        assert contrast(palette.primary, palette.background) >= 4.5
    accuracy = {field: correct[field] / len(BRIEFS) for field in FIELDS}
    lines = [f"{field}: {correct[field]}/{len(BRIEFS)} ({accuracy[field]:.0%})" for field in FIELDS]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join([*lines, "", *misses]) + "\n")
    print("\n".join(["brief corpus accuracy:", *lines, *misses]))
    assert all(value >= THRESHOLD for value in accuracy.values()), (lines, misses)
