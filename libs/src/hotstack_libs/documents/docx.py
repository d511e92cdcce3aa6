"""DOCX: the zip is measured before anything is inflated, then WordprocessingML is read.

A zip is not a DOCX until `[Content_Types].xml` names a WordprocessingML main document and
that part is there. Part count, declared and actual uncompressed sizes and compression
ratios are checked first; XML is parsed without DTDs, entities or network access.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from .errors import DocumentError
from .limits import MIB, Limits

MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTER = re.compile(r"^word/(?:footer|header)\d*\.xml$")
_HEADING_STYLE = re.compile(r"^(?:heading|berschrift|titre)\s*(\d)$", re.I)

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
)


def _archive(data: bytes, limits: Limits) -> zipfile.ZipFile:
    if data.startswith(OLE_MAGIC):
        raise DocumentError(
            "unsupported",
            "this is a legacy .doc or a password-protected Office file: save it as .docx "
            "without a password",
            415,
        )
    if not data.startswith(MAGIC):
        raise DocumentError("not_docx", "the file is not a zip archive, so not a DOCX", 415)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise DocumentError("damaged", f"the DOCX is damaged or truncated ({error})") from error
    if not entries or entries[0].header_offset != 0:
        raise DocumentError("polyglot", "the zip has data in front of its first part", 415)
    if len(entries) > limits.max_zip_parts:
        raise DocumentError(
            "too_large",
            f"the DOCX has {len(entries)} parts; at most {limits.max_zip_parts} are allowed",
            413,
        )
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise DocumentError("encrypted", "the DOCX is encrypted: upload it without a password")
        ratio = entry.file_size / max(1, entry.compress_size)
        if entry.file_size > limits.max_part_bytes or (
            entry.file_size > MIB and ratio > limits.max_ratio
        ):
            raise _bomb(entry.filename, entry.file_size)
        total += entry.file_size
    if total > limits.max_unpacked_bytes:
        raise DocumentError(
            "too_large",
            f"the DOCX unpacks to {total // MIB} MiB; at most "
            f"{limits.max_unpacked_bytes // MIB} MiB are allowed (a decompression bomb?)",
            413,
        )
    return archive


def _bomb(name: str, size: int) -> DocumentError:
    return DocumentError(
        "too_large",
        f"the DOCX part {name} unpacks to {size // MIB} MiB, far more than its compressed size "
        "allows (a decompression bomb?)",
        413,
    )


def _part(archive: zipfile.ZipFile, name: str, limits: Limits) -> bytes:
    try:
        with archive.open(name) as handle:
            # Declared sizes can lie: never inflate more than the limit.
            data = handle.read(limits.max_part_bytes + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise DocumentError("damaged", f"the DOCX part {name} is damaged ({error})") from error
    if len(data) > limits.max_part_bytes:
        raise _bomb(name, len(data))
    return data


def _refuse_dtd(data: bytes, name: str) -> None:
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
        raise DocumentError(
            "damaged", f"the DOCX part {name} declares a DTD or entities, which Word never writes"
        )


def _xml(data: bytes, name: str) -> etree._Element:
    _refuse_dtd(data, name)
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        raise DocumentError("damaged", f"the DOCX part {name} is not valid XML") from error


def _main_part(archive: zipfile.ZipFile, limits: Limits) -> str:
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names:
        raise DocumentError("not_docx", "the zip archive is not a Word document", 415)
    types = _xml(_part(archive, "[Content_Types].xml", limits), "[Content_Types].xml")
    for override in types.iter(f"{_CT}Override"):
        content_type = override.get("ContentType", "")
        if content_type == _MACRO_MAIN:
            raise DocumentError("unsupported", "macro-enabled Word documents are not accepted", 415)
        if content_type == _MAIN:
            name = override.get("PartName", "").lstrip("/")
            if name in names:
                return name
            break
    raise DocumentError("not_docx", "the zip archive is not a Word document", 415)


def confirm(data: bytes, limits: Limits) -> None:
    """Raise DocumentError unless `data` is a DOCX within the limits."""
    _main_part(_archive(data, limits), limits)


def _paragraph(paragraph: etree._Element) -> str:
    parts: list[str] = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append(" ")
        else:
            parts.append("\n")
    text = "".join(parts).strip()
    if not text:
        return ""
    style = paragraph.find(f"{_W}pPr/{_W}pStyle")
    value = style.get(f"{_W}val", "") if style is not None else ""
    heading = _HEADING_STYLE.match(value)
    if value.lower() == "title":
        return f"# {text}"
    if heading:
        return f"{'#' * min(6, int(heading.group(1)) + 1)} {text}"
    if paragraph.find(f"{_W}pPr/{_W}numPr") is not None or value.lower().startswith("list"):
        return f"- {text}"
    return text


def _blocks(data: bytes, name: str, limits: Limits) -> list[str]:
    """Paragraphs in document order, parsed incrementally: memory stays near the part size."""
    _refuse_dtd(data, name)
    blocks: list[str] = []
    size = 0
    events = etree.iterparse(
        io.BytesIO(data),
        events=("end",),
        tag=f"{_W}p",
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_pis=True,
    )
    try:
        for _, paragraph in events:
            text = _paragraph(paragraph)
            paragraph.clear(keep_tail=False)
            if text:
                blocks.append(text)
                size += len(text)
                if size > limits.max_chars:
                    break
    except etree.XMLSyntaxError as error:
        raise DocumentError("damaged", f"the DOCX part {name} is not valid XML") from error
    return blocks


def read(data: bytes, limits: Limits) -> str:
    """The document's text as Markdown-ish blocks: headings, list items, paragraphs."""
    archive = _archive(data, limits)
    main = _main_part(archive, limits)
    blocks = _blocks(_part(archive, main, limits), main, limits)
    title_style = any(block.startswith("# ") for block in blocks)
    if not title_style:
        # Word's "Heading 1" is the document's top level when no Title style is used.
        blocks = [block[1:] if block.startswith("## ") else block for block in blocks]
    for name in sorted(n for n in archive.namelist() if _FOOTER.match(n)):
        blocks.extend(_blocks(_part(archive, name, limits), name, limits))
    return "\n\n".join(blocks)
