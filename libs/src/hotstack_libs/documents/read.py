"""What a document is (confirmed by parsing it) and the text in it.

Both run inside the sandbox (see `sandbox.py`): they touch untrusted bytes.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path, PurePosixPath

from hotstack_contracts.document import Block, BlockKind, Document

from . import docx, html, markdown, pdf, plain, text
from .errors import DocumentError
from .limits import MIB, Limits

_PROBE_PIECE = MIB


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


def named_kind(filename: str) -> Kind:
    """The type a file's name says it is; DocumentError (415) for a type not read here."""
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
    named = named_kind(filename)
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


def identified_as_text(filename: str, probe: text.TextProbe) -> Identified | None:
    """What `identify` would say of a Markdown or plain-text file, from a probe that saw
    every byte of it (nothing is parsed: UTF-8 and a count of controls); None when that is
    not enough to tell, and the file must go through `identify` itself."""
    named = named_kind(filename)
    if named in (Kind.MARKDOWN, Kind.TEXT) and probe.readable and _sniffed(probe.head) is None:
        return Identified(named)
    return None


def identified_text_file(filename: str, path: Path) -> Identified | None:
    """`identified_as_text` for a file on disk, read a piece at a time (a file not named
    Markdown or plain text is not read: None)."""
    if named_kind(filename) not in (Kind.MARKDOWN, Kind.TEXT):
        return None
    probe = text.TextProbe()
    with path.open("rb") as handle:
        while piece := handle.read(_PROBE_PIECE):
            probe.feed(piece)
    probe.finish()
    return identified_as_text(filename, probe)


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


@dataclass(frozen=True)
class Brief:
    """A document and the pictures embedded in it. Each picture is named in the document
    by its `ref` (a part name, "page 2/Im0", or "picture 3" for a data URI) and carried as
    the file found there, to be prepared one by one (see `pictures.prepare`)."""

    document: Document
    pictures: tuple[tuple[str, bytes], ...] = ()
    left_out: tuple[tuple[str, str], ...] = ()
    """(ref, reason) of each picture the brief names that is not carried."""


def read_brief(kind: Kind, data: bytes, limits: Limits) -> Brief:
    """The document's blocks and the files of the pictures embedded in it."""
    document = read_document(kind, data, limits)
    refs = {b.ref for b in document.blocks if b.kind is BlockKind.IMAGE and b.ref}
    in_pdf = pdf.pictures(data, refs, limits) if kind is Kind.PDF and refs else {}
    names: dict[str, str] = {}
    inline = 0  # data: URIs seen, named "picture 1", "picture 2"…
    files: list[tuple[str, bytes]] = []
    left_out: list[tuple[str, str]] = []
    total = 0
    blocks: list[Block] = []
    for block in document.blocks:
        if block.kind is not BlockKind.IMAGE or not block.ref:
            blocks.append(block)
            continue
        known = block.ref in names
        if not known and block.ref.startswith("data:"):
            inline += 1
            names[block.ref] = f"picture {inline}"
        elif not known:
            names[block.ref] = block.ref[:300]
        name = names[block.ref]
        blocks.append(replace(block, ref=name))
        if known:
            continue
        try:
            file = _embedded(kind, data, block.ref, in_pdf, limits)
        except DocumentError as error:
            left_out.append((name, error.reason))
            continue
        if len(files) >= limits.max_pictures:
            left_out.append((name, f"only the first {limits.max_pictures} pictures are used"))
        elif total + len(file) > limits.max_pictures_bytes:
            mib = limits.max_pictures_bytes // MIB
            left_out.append((name, f"the brief's pictures together pass {mib} MiB"))
        else:
            files.append((name, file))
            total += len(file)
    return Brief(Document(tuple(blocks)), tuple(files), tuple(left_out))


def _embedded(kind: Kind, data: bytes, ref: str, in_pdf: dict[str, bytes], limits: Limits) -> bytes:
    """The file of the picture `ref` points at, when the brief carries it."""
    if ref.startswith("data:"):
        return _data_uri(ref, limits)
    if kind is Kind.DOCX and ref.startswith("word/"):
        return docx.media(data, ref, limits)
    if kind is Kind.PDF and ref in in_pdf:
        return in_pdf[ref]
    if kind is Kind.PDF:
        raise _left_out("the PDF's picture could not be decoded")
    raise _left_out(
        "the brief links to this picture instead of containing it: put the picture in the "
        "document (a DOCX, a PDF, or HTML with the image inline)"
    )


def _data_uri(uri: str, limits: Limits) -> bytes:
    header, _, payload = uri.partition(",")
    media_type = header.removeprefix("data:").split(";", 1)[0].strip().lower()
    if media_type == "image/svg+xml":
        raise _left_out("SVG drawings are not published (they can carry scripts): use PNG or JPEG")
    if len(payload) * 3 // 4 > limits.max_picture_bytes:
        raise _left_out(f"the picture is larger than {limits.max_picture_bytes // MIB} MiB")
    if not header.endswith(";base64"):
        raise _left_out("the inline picture is not base64-encoded")
    try:
        return base64.b64decode("".join(payload.split()), validate=True)
    except (binascii.Error, ValueError) as error:
        raise _left_out("the inline picture's base64 is damaged") from error


def _left_out(reason: str) -> DocumentError:
    return DocumentError("picture_refused", reason, 422)
