"""What a document is (confirmed by parsing it) and the text in it.

Both run inside the sandbox (see `sandbox.py`): they touch untrusted bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath

from hotstack_contracts.document import Block, Document

from . import docx, html, markdown, pdf, plain, text
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


def read_document(kind: Kind, data: bytes, limits: Limits) -> Document:
    """The document's blocks (at most `limits.max_chars` of text), whatever its format."""
    if kind is Kind.PDF:
        document = pdf.read(data, limits)
    elif kind is Kind.DOCX:
        document = docx.read(data, limits)
    elif kind in _TEXTUAL:
        decoded = text.decode(data).replace("\x00", "")
        if kind is Kind.HTML:
            document = html.read(decoded)
        elif kind is Kind.MARKDOWN:
            document = markdown.read(decoded)
        else:
            document = plain.read(decoded)
    else:  # pragma: no cover - Kind is closed
        raise DocumentError("unsupported", f"{kind} cannot be read", 415)
    if not any(re.search(r"\w{2,}", b.text + " ".join(b.items)) for b in document.blocks) and not (
        any(b.rows for b in document.blocks)
    ):
        hint = (
            " (it may be scanned images: upload a text-based PDF or a DOCX)"
            if kind is Kind.PDF
            else ""
        )
        raise DocumentError("no_text", f"no readable text found in the document{hint}")
    return _capped(document, limits.max_chars)


def _capped(document: Document, max_chars: int) -> Document:
    kept: list[Block] = []
    size = 0
    for block in document.blocks:
        size += Document((block,)).size()
        if size > max_chars:
            break
        kept.append(block)
    return Document(tuple(kept))


def read_text(kind: Kind, data: bytes, limits: Limits) -> str:
    """The document as Markdown (see `Document.markdown`)."""
    return read_document(kind, data, limits).markdown()
