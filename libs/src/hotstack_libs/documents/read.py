"""What a document is (confirmed by parsing it) and the text in it.

Both run inside the sandbox (see `sandbox.py`): they touch untrusted bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath

from . import docx, html, pdf, text
from .errors import DocumentError
from .limits import Limits


class Kind(StrEnum):
    """Document types HotStack reads, by their media type."""

    PDF = "application/pdf"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    HTML = "text/html"
    MARKDOWN = "text/markdown"
    TEXT = "text/plain"


EXTENSIONS: dict[str, Kind] = {
    ".pdf": Kind.PDF,
    ".docx": Kind.DOCX,
    ".html": Kind.HTML,
    ".htm": Kind.HTML,
    ".md": Kind.MARKDOWN,
    ".markdown": Kind.MARKDOWN,
    ".txt": Kind.TEXT,
    ".text": Kind.TEXT,
}
_TEXTUAL = (Kind.HTML, Kind.MARKDOWN, Kind.TEXT)
_NAMES = {Kind.PDF: "a PDF", Kind.DOCX: "a DOCX", Kind.HTML: "HTML", Kind.TEXT: "text"}


@dataclass(frozen=True)
class Identified:
    """A document whose type was confirmed by parsing it."""

    kind: Kind


def _named(filename: str) -> Kind:
    suffix = PurePosixPath(filename).suffix.lower()
    kind = EXTENSIONS.get(suffix)
    if kind is None:
        accepted = ", ".join(sorted(EXTENSIONS))
        found = suffix or "(none)"
        raise DocumentError(
            "unsupported", f"unsupported file type {found!r}; accepted: {accepted}", 415
        )
    return kind


def _sniffed(data: bytes) -> Kind | None:
    if data.startswith(pdf.MAGIC):
        return Kind.PDF
    if data.startswith(docx.MAGIC) or data.startswith(docx.OLE_MAGIC):
        return Kind.DOCX
    return None


def identify(filename: str, data: bytes, limits: Limits) -> Identified:
    """Confirm that `data` is what `filename` says, by parsing it; DocumentError otherwise."""
    if not data:
        raise DocumentError("empty", "the file is empty")
    named = _named(filename)
    sniffed = _sniffed(data)
    if sniffed is not None and sniffed is not named:
        raise DocumentError(
            "mislabelled",
            f"the file is named {PurePosixPath(filename).suffix} but its content is "
            f"{_NAMES[sniffed]}",
            415,
        )
    if named is Kind.PDF:
        pdf.confirm(data, limits)
    elif named is Kind.DOCX:
        docx.confirm(data, limits)
    else:
        decoded = text.decode(data)
        if not re.search(r"\w", decoded):
            raise DocumentError("no_text", "no readable text found in the file")
        if named is Kind.HTML:
            html.confirm(decoded)
    return Identified(named)


def read_text(kind: Kind, data: bytes, limits: Limits) -> str:
    """The document's text, Markdown-ish (headings `#`, list items `-`), at most max_chars."""
    if kind is Kind.PDF:
        content = pdf.read(data, limits)
    elif kind is Kind.DOCX:
        content = docx.read(data, limits)
    elif kind in _TEXTUAL:
        decoded = text.decode(data)
        content = html.read(decoded) if kind is Kind.HTML else decoded
    else:  # pragma: no cover - Kind is closed
        raise DocumentError("unsupported", f"{kind} cannot be read", 415)
    content = re.sub(r"\n{3,}", "\n\n", content.replace("\x00", "")).strip()
    if not re.search(r"\w{2,}", content):
        hint = (
            " (it may be scanned images: upload a text-based PDF or a DOCX)"
            if kind is Kind.PDF
            else ""
        )
        raise DocumentError("no_text", f"no readable text found in the document{hint}")
    return content[: limits.max_chars]
