"""Document reading: types confirmed by parsing, text extracted, hostile files refused.

Everything runs through the real sandbox (worker process, forked child per document).
"""

from __future__ import annotations

import resource
from collections.abc import AsyncIterator, Callable

import pytest
import pytest_asyncio

from hotstack_libs.documents import MIB, DocumentError, Kind, Limits, Sandbox
from hotstack_tools.testing import documents as samples

pytestmark = [pytest.mark.unit, pytest.mark.asyncio(loop_scope="module")]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def sandbox() -> AsyncIterator[Sandbox]:
    box = Sandbox(Limits(timeout_seconds=10, memory_bytes=512 * MIB))
    yield box
    await box.close()


async def _read(box: Sandbox, name: str, data: bytes) -> str:
    identified = await box.identify(name, data)
    outcome = await box.read_text(identified.kind, data)
    assert isinstance(outcome.value, str)
    return outcome.value


async def test_pdf_text_is_read(sandbox: Sandbox) -> None:
    data = samples.pdf(["# Paws Rescue", "We rehome dogs. Write to hello@paws.org"])
    assert (await sandbox.identify("brief.pdf", data)).kind is Kind.PDF
    text = await _read(sandbox, "brief.pdf", data)
    assert "Paws Rescue" in text
    assert "hello@paws.org" in text


async def test_docx_keeps_headings_lists_and_footer(sandbox: Sandbox) -> None:
    data = samples.docx(
        ["# Paws Rescue", "## Adopt", "Meet our dogs.", "- Bella", "- Max"],
        footer="Call 0161 555 0100",
    )
    text = await _read(sandbox, "Brief.DOCX", data)
    assert text.splitlines()[0] == "# Paws Rescue"
    assert "## Adopt" in text
    assert "- Bella" in text
    assert text.rstrip().endswith("Call 0161 555 0100")


async def test_html_drops_scripts_and_styles_and_keeps_structure(sandbox: Sandbox) -> None:
    page = (
        b"<!doctype html><html><head><title>Luna</title><style>p{color:red}</style>"
        b"<script>steal()</script></head><body><nav>Home</nav><h1>Caf\xc3\xa9 Luna</h1>"
        b"<p>Fresh <b>coffee</b> daily.</p><ul><li>Espresso</li><li>Flat white</li></ul>"
        b"<noscript>enable js</noscript></body></html>"
    )
    text = await _read(sandbox, "brief.html", page)
    assert "# Café Luna" in text
    assert "Fresh coffee daily." in text
    assert "- Flat white" in text
    for hidden in ("steal", "color:red", "enable js"):
        assert hidden not in text


@pytest.mark.parametrize(
    ("encoded", "expected"),
    [
        ("Café crème, très bon.".encode("cp1252"), "Café crème, très bon."),
        ("Привет, это кафе на углу. Заходите!".encode("cp1251"), "Привет, это кафе"),
        ("Grüße aus München".encode("utf-16"), "Grüße aus München"),
        (b"\xef\xbb\xbfBOM and UTF-8 \xe2\x9c\x93", "BOM and UTF-8 ✓"),
    ],
)
async def test_text_encodings_are_detected(sandbox: Sandbox, encoded: bytes, expected: str) -> None:
    assert expected in await _read(sandbox, "notes.txt", encoded)


HOSTILE: list[tuple[str, Callable[[], bytes], str, int]] = [
    ("empty.txt", lambda: b"", "empty", 422),
    ("brief.pdf", lambda: samples.pdf(["# Secret plans"], password="hunter2"), "encrypted", 422),
    ("brief.pdf", lambda: samples.pdf_zip_polyglot(), "polyglot", 415),
    ("brief.pdf", lambda: samples.pdf(["# Cut", "short"])[:300], "damaged", 422),
    ("brief.docx", lambda: samples.docx_bomb(), "too_large", 413),
    ("brief.docx", lambda: samples.docx_many_parts(), "too_large", 413),
    ("brief.docx", lambda: samples.docx_entity_expansion(), "damaged", 422),
    ("brief.docx", lambda: samples.plain_zip(), "not_docx", 415),
    ("brief.docx", lambda: samples.macro_docx(), "unsupported", 415),
    ("brief.docx", lambda: samples.OLE_HEADER, "unsupported", 415),
    ("brief.docx", lambda: samples.docx(["# Cut"])[:2000], "damaged", 422),
    ("brief.txt", lambda: samples.junk(), "not_text", 415),
    ("brief.txt", lambda: samples.pdf(["# A PDF"]), "mislabelled", 415),
    ("brief.pdf", lambda: samples.plain_zip(), "mislabelled", 415),
    ("brief.html", lambda: b"just words, no markup at all", "not_html", 415),
    ("brief.exe", lambda: b"MZ\x90\x00", "unsupported", 415),
    ("brief.md", lambda: b"   \n\t\n", "no_text", 422),
]


@pytest.mark.parametrize(("name", "make", "code", "status"), HOSTILE)
async def test_hostile_files_are_refused_with_a_reason(
    sandbox: Sandbox, name: str, make: Callable[[], bytes], code: str, status: int
) -> None:
    with pytest.raises(DocumentError) as refused:
        await _read(sandbox, name, make())
    assert refused.value.code == code
    assert refused.value.status_code == status
    assert refused.value.reason


async def test_pdf_bomb_is_refused_within_the_memory_budget(sandbox: Sandbox) -> None:
    # The identify step only opens the PDF; the bomb goes off when the text is read.
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    bomb = samples.pdf_bomb()
    assert (await sandbox.identify("bomb.pdf", bomb)).kind is Kind.PDF
    with pytest.raises(DocumentError) as refused:
        await sandbox.read_text(Kind.PDF, bomb)
    assert refused.value.code == "too_large"
    assert "decompression bomb" in refused.value.reason
    # The 256 MiB never reached this process.
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    assert after - before < 64 * MIB


async def test_a_reader_out_of_memory_costs_only_its_child() -> None:
    # 64 MiB of text in one DOCX part passes the (raised) size limits but not 128 MiB of
    # address space: the child fails, the sandbox answers, the next call works.
    limits = Limits(memory_bytes=128 * MIB, max_ratio=10_000, max_part_bytes=100 * MIB)
    box = Sandbox(limits, workers=1)
    try:
        big = samples.docx_bomb(64 * MIB)
        with pytest.raises(DocumentError) as refused:
            await box.read_text(Kind.DOCX, big)
        assert refused.value.code == "too_large"
        assert "128 MiB" in refused.value.reason
        small = await box.read_text(Kind.MARKDOWN, b"# Still here")
        assert small.value == "# Still here"
        assert small.peak_rss_bytes < 128 * MIB
    finally:
        await box.close()


async def test_a_slow_document_is_stopped_at_its_deadline() -> None:
    box = Sandbox(Limits(timeout_seconds=0.05), workers=1)
    long_pdf = samples.pdf([f"Paragraph {i} " + "words " * 80 for i in range(400)])
    try:
        await box.read_text(Kind.MARKDOWN, b"warm up")
        with pytest.raises(DocumentError) as refused:
            await box.read_text(Kind.PDF, long_pdf)
        assert refused.value.code == "too_slow"
        assert (await box.read_text(Kind.MARKDOWN, b"# next")).value == "# next"
    finally:
        await box.close()
