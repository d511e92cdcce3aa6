"""The bad-input corpus: every file a stranger might send, and what HotStack must answer.

Each case ends either in a specific 4xx at upload (`at="upload"`, with the status and a
phrase of the reason) or in IntentFailed (`at="intent"`, with the failure code and a
phrase of the reason).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from hotstack_tools.testing import documents as samples

SIZE_LIMIT = 1024 * 1024  # the upload limit the corpus tests run with


@dataclass(frozen=True)
class BadInput:
    """One hostile or broken upload."""

    id: str
    filename: str
    make: Callable[[], bytes]
    at: Literal["upload", "intent"]
    expect: int | str  # HTTP status at upload, IntentFailed code at intent
    says: str


def _empty_docx() -> bytes:
    return samples.docx([])


def _scanned_pdf() -> bytes:
    import zlib

    # A page that only paints (no text operators), as a scan would.
    return samples.raw_pdf(zlib.compress(b"0 0 1 rg 0 0 612 792 re f"))


CASES: list[BadInput] = [
    BadInput("empty", "brief.txt", lambda: b"", "upload", 422, "empty"),
    BadInput(
        "oversized", "brief.txt", lambda: b"word " * (SIZE_LIMIT // 4), "upload", 413, "limit"
    ),
    BadInput("binary junk named .txt", "brief.txt", samples.junk, "upload", 415, "not readable"),
    BadInput(
        "program named .md",
        "brief.md",
        lambda: b"\x7fELF\x02\x01\x01" + bytes(200),
        "upload",
        415,
        "binary",
    ),
    BadInput(
        "utf-16 without BOM",
        "notes.txt",
        lambda: "Hello there, my bakery".encode("utf-16-le"),
        "upload",
        415,
        "binary",
    ),
    BadInput("zip claiming DOCX", "brief.docx", samples.plain_zip, "upload", 415, "not a Word"),
    BadInput("macro-enabled DOCX", "brief.docx", samples.macro_docx, "upload", 415, "macro"),
    BadInput(
        "legacy .doc renamed", "brief.docx", lambda: samples.OLE_HEADER, "upload", 415, "legacy"
    ),
    BadInput(
        "encrypted PDF",
        "brief.pdf",
        lambda: samples.pdf(["# Plans"], password="s3cret"),
        "upload",
        422,
        "password-protected",
    ),
    BadInput(
        "truncated PDF",
        "brief.pdf",
        lambda: samples.pdf(["# Cut short", "text"])[:300],
        "upload",
        422,
        "damaged",
    ),
    BadInput(
        "truncated DOCX",
        "brief.docx",
        lambda: samples.docx(["# Cut"])[:1500],
        "upload",
        422,
        "damaged",
    ),
    BadInput("PDF+zip polyglot", "brief.pdf", samples.pdf_zip_polyglot, "upload", 415, "both"),
    BadInput(
        "PDF named .txt",
        "brief.txt",
        lambda: samples.pdf(["# A PDF"]),
        "upload",
        415,
        "content is a PDF",
    ),
    BadInput(
        "DOCX named .pdf",
        "brief.pdf",
        lambda: samples.docx(["# A DOCX"]),
        "upload",
        415,
        "content is a DOCX",
    ),
    BadInput(
        "DOCX decompression bomb",
        "brief.docx",
        samples.docx_bomb,
        "upload",
        413,
        "decompression bomb",
    ),
    BadInput(
        "DOCX with 5,000 parts", "brief.docx", samples.docx_many_parts, "upload", 413, "parts"
    ),
    BadInput(
        "HTML without markup",
        "brief.html",
        lambda: b"Just words pretending to be a web page.",
        "upload",
        415,
        "no HTML",
    ),
    BadInput("unsupported type", "brief.exe", lambda: b"MZ\x90\x00", "upload", 415, "unsupported"),
    BadInput("whitespace only", "brief.md", lambda: b"  \n\t\n ", "upload", 422, "no readable"),
    BadInput("path traversal name", "../../etc/passwd.txt", lambda: b"hi", "upload", 422, "path"),
    BadInput(
        "right-to-left override", "brief\u202etxt.exe", lambda: b"hi", "upload", 422, "control"
    ),
    BadInput("fullwidth solidus", "a\uff0fb.txt", lambda: b"hi", "upload", 422, "path"),
    BadInput("reserved device name", "CON.txt", lambda: b"hi", "upload", 422, "reserved"),
    BadInput("hidden dotfile", ".env", lambda: b"SECRET=1", "upload", 422, "hidden"),
    BadInput(
        "PDF decompression bomb",
        "brief.pdf",
        samples.pdf_bomb,
        "intent",
        "too_large",
        "decompression bomb",
    ),
    BadInput(
        "DOCX entity expansion", "brief.docx", samples.docx_entity_expansion, "upload", 422, "DTD"
    ),
    BadInput("DOCX DTD after 4 KiB", "brief.docx", samples.docx_late_dtd, "upload", 422, "DTD"),
    BadInput("DOCX in UTF-16", "brief.docx", samples.docx_utf16, "upload", 422, "UTF-8"),
    BadInput("scanned PDF without text", "brief.pdf", _scanned_pdf, "intent", "no_text", "scanned"),
    BadInput("DOCX without text", "brief.docx", _empty_docx, "intent", "no_text", "no readable"),
]
