"""DOCX: the zip is measured before anything is inflated, then WordprocessingML is read.

A zip is not a DOCX until `[Content_Types].xml` names a WordprocessingML main document and
that part is there. Part count, declared and actual uncompressed sizes and compression
ratios are checked first; XML is parsed without DTDs, entities or network access.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, replace

from lxml import etree

from hotstack_contracts.document import Block, BlockKind, Document

from .errors import DocumentError
from .limits import MIB, Limits
from .plain import headings_by_layout

MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FOOTER = re.compile(r"^word/(?:footer|header)\d*\.xml$")
_HEADING_STYLE = re.compile(r"^(?:heading|berschrift|titre|t\u00edtulo|titulo)\s*(\d)$", re.I)

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


_NOT_UTF8 = (b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00", b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")


def _refuse_dtd(data: bytes, name: str) -> None:
    """Word writes its XML parts in UTF-8 without a DTD. A part in another encoding could
    hide a declaration from a byte search, so it is refused too; in UTF-8 the whole part is
    searched (in XML text "<!" is always escaped, so nothing else matches)."""
    if data.startswith(_NOT_UTF8) or b"\x00" in data[:64]:
        raise DocumentError(
            "damaged", f"the DOCX part {name} is not UTF-8, which Word always writes"
        )
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
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
    """Raise DocumentError unless `data` is a DOCX within the limits whose main part is
    UTF-8 XML without a DTD (checked at upload, so such a file is never stored)."""
    archive = _archive(data, limits)
    main = _main_part(archive, limits)
    _refuse_dtd(_part(archive, main, limits), main)


_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
MAX_BOLD_HEADING_CHARS = 80


@dataclass(frozen=True)
class _Styles:
    """What the styles, numbering and relationship parts say about paragraphs."""

    headings: dict[str, int]  # style id → outline level (0 = title)
    lists: frozenset[str]  # style ids of list styles
    ordered: frozenset[str]  # numbering ids whose first level is numbered, not bulleted
    targets: dict[str, str]  # relationship id → part name


def _optional(archive: zipfile.ZipFile, name: str, limits: Limits) -> etree._Element | None:
    if name not in archive.namelist():
        return None
    return _xml(_part(archive, name, limits), name)


def _styles(archive: zipfile.ZipFile, limits: Limits) -> _Styles:
    headings: dict[str, int] = {}
    lists: set[str] = set()
    styles = _optional(archive, "word/styles.xml", limits)
    for style in styles.iter(f"{_W}style") if styles is not None else ():
        style_id = style.get(f"{_W}styleId", "")
        name_node = style.find(f"{_W}name")
        name = (name_node.get(f"{_W}val", "") if name_node is not None else "").lower()
        outline = style.find(f"{_W}pPr/{_W}outlineLvl")
        heading = _HEADING_STYLE.match(name) or _HEADING_STYLE.match(style_id)
        if name == "title" or style_id.lower() == "title":
            headings[style_id] = 0
        elif heading:
            headings[style_id] = int(heading.group(1))
        elif outline is not None and outline.get(f"{_W}val", "").isdigit():
            headings[style_id] = int(outline.get(f"{_W}val", "0")) + 1
        elif name.startswith("list") or style_id.lower().startswith("list"):
            lists.add(style_id)
    return _Styles(headings, frozenset(lists), _ordered(archive, limits), _targets(archive, limits))


def _ordered(archive: zipfile.ZipFile, limits: Limits) -> frozenset[str]:
    numbering = _optional(archive, "word/numbering.xml", limits)
    if numbering is None:
        return frozenset()
    numbered: set[str] = set()
    for abstract in numbering.iter(f"{_W}abstractNum"):
        level = abstract.find(f"{_W}lvl/{_W}numFmt")
        if level is not None and level.get(f"{_W}val", "bullet") not in ("bullet", "none"):
            numbered.add(abstract.get(f"{_W}abstractNumId", ""))
    return frozenset(
        num.get(f"{_W}numId", "")
        for num in numbering.iter(f"{_W}num")
        if (ref := num.find(f"{_W}abstractNumId")) is not None
        and ref.get(f"{_W}val", "") in numbered
    )


def _targets(archive: zipfile.ZipFile, limits: Limits) -> dict[str, str]:
    rels = _optional(archive, "word/_rels/document.xml.rels", limits)
    if rels is None:
        return {}
    return {
        rel.get("Id", ""): "word/" + rel.get("Target", "").lstrip("/").removeprefix("word/")
        for rel in rels.iter(f"{_REL}Relationship")
        if rel.get("Type", "").endswith("/image")
    }


def _runs_text(paragraph: etree._Element) -> str:
    parts: list[str] = []
    for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag == f"{_W}tab":
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts).strip()


def _all_bold(paragraph: etree._Element) -> bool:
    runs = [r for r in paragraph.iter(f"{_W}r") if "".join(r.itertext()).strip()]
    if not runs:
        return False
    for run in runs:
        bold = run.find(f"{_W}rPr/{_W}b")
        if bold is None or bold.get(f"{_W}val", "true") in ("0", "false"):
            return False
    return True


class _Body:
    """Blocks from the body's paragraphs and tables, in document order."""

    def __init__(self, styles: _Styles, part: str) -> None:
        self.styles = styles
        self.part = part
        self.blocks: list[Block] = []
        self.count = 0
        self.list_items: list[str] = []
        self.list_ordered = False
        self.list_source = ""
        self.list_kind = ("", "")
        self.chars = 0
        self.counted = 0

    def size(self) -> int:
        """Characters held so far (counted once per block)."""
        for block in self.blocks[self.counted :]:
            self.chars += Document((block,)).size()
        self.counted = len(self.blocks)
        return self.chars + sum(map(len, self.list_items))

    def flush_list(self) -> None:
        if self.list_items:
            self.blocks.append(
                Block(
                    BlockKind.LIST,
                    items=tuple(self.list_items),
                    ordered=self.list_ordered,
                    source=self.list_source,
                )
            )
            self.list_items = []

    def paragraph(self, paragraph: etree._Element) -> None:
        self.count += 1
        source = f"{self.part} paragraph {self.count}"
        for blip in paragraph.iter(f"{_A}blip"):
            target = self.styles.targets.get(blip.get(f"{_R}embed", ""))
            if target:
                described = next(paragraph.iter(f"{_WP}docPr"), None)
                alt = described.get("descr", "") if described is not None else ""
                self.flush_list()
                self.blocks.append(Block(BlockKind.IMAGE, text=alt, ref=target, source=source))
        text = _runs_text(paragraph)
        if not text:
            return
        style_node = paragraph.find(f"{_W}pPr/{_W}pStyle")
        style = style_node.get(f"{_W}val", "") if style_node is not None else ""
        outline = paragraph.find(f"{_W}pPr/{_W}outlineLvl")
        numbering = paragraph.find(f"{_W}pPr/{_W}numPr/{_W}numId")
        level = self.styles.headings.get(style)
        if level is None and outline is not None and outline.get(f"{_W}val", "").isdigit():
            level = int(outline.get(f"{_W}val", "0")) + 1
        if numbering is not None or style in self.styles.lists:
            num_id = numbering.get(f"{_W}val", "") if numbering is not None else ""
            if self.list_items and (style, num_id) != self.list_kind:
                self.flush_list()  # a bulleted list followed by a numbered one
            if not self.list_items:
                self.list_source = source
                self.list_kind = (style, num_id)
                self.list_ordered = num_id in self.styles.ordered or "number" in style.lower()
            self.list_items.append(text)
            return
        self.flush_list()
        if level is None and (
            len(text) <= MAX_BOLD_HEADING_CHARS
            and "\n" not in text
            and not text.endswith((".", ",", ";"))
            and _all_bold(paragraph)
        ):
            level = 9  # bold line standing alone: a heading below every styled one
        if level is not None:
            self.blocks.append(Block(BlockKind.HEADING, text=text, level=level, source=source))
        else:
            self.blocks.append(Block(BlockKind.PARAGRAPH, text=text, source=source))

    def table(self, table: etree._Element) -> None:
        self.flush_list()
        self.count += 1
        rows: list[tuple[str, ...]] = []
        for row in table.iter(f"{_W}tr"):
            cells = tuple(
                " ".join(_runs_text(p) for p in cell.iter(f"{_W}p")).strip()
                for cell in row.iter(f"{_W}tc")
            )
            if any(cells):
                rows.append(cells)
        if rows:
            source = f"{self.part} table at paragraph {self.count}"
            self.blocks.append(Block(BlockKind.TABLE, rows=tuple(rows), source=source))


def _blocks(data: bytes, name: str, styles: _Styles, limits: Limits) -> list[Block]:
    """Blocks in document order, parsed incrementally: memory stays near the part size."""
    _refuse_dtd(data, name)
    body = _Body(styles, name.removeprefix("word/").removesuffix(".xml"))
    depth = 0  # tables open around the current element
    events = etree.iterparse(
        io.BytesIO(data),
        events=("start", "end"),
        tag=(f"{_W}p", f"{_W}tbl"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_pis=True,
    )
    try:
        for event, element in events:
            if element.tag == f"{_W}tbl":
                depth += 1 if event == "start" else -1
                if event == "end" and depth == 0:
                    body.table(element)
                    element.clear(keep_tail=False)
            elif event == "end" and depth == 0:
                body.paragraph(element)
                element.clear(keep_tail=False)
            else:
                continue
            if body.size() > limits.max_chars:
                break
    except etree.XMLSyntaxError as error:
        raise DocumentError("damaged", f"the DOCX part {name} is not valid XML") from error
    body.flush_list()
    return body.blocks


def _levels(blocks: list[Block]) -> list[Block]:
    """Heading levels from 1 down, in the order the document uses them: a Title is 1 and
    "Heading 1" 2 when there is one, else "Heading 1" is the top; bold lines come last."""
    used = sorted({b.level for b in blocks if b.kind is BlockKind.HEADING})
    rank = {level: index + 1 for index, level in enumerate(used)}
    return [
        replace(b, level=min(6, rank[b.level])) if b.kind is BlockKind.HEADING else b
        for b in blocks
    ]


def read(data: bytes, limits: Limits) -> Document:
    """The document's blocks: headings, paragraphs, lists, tables, images; then footers."""
    archive = _archive(data, limits)
    main = _main_part(archive, limits)
    styles = _styles(archive, limits)
    blocks = _blocks(_part(archive, main, limits), main, styles, limits)
    for name in sorted(n for n in archive.namelist() if _FOOTER.match(n)):
        blocks.extend(_blocks(_part(archive, name, limits), name, styles, limits))
    blocks = _levels(blocks)
    if not any(block.kind is BlockKind.HEADING for block in blocks):
        blocks = headings_by_layout(blocks)
    return Document(tuple(blocks))


def media(data: bytes, name: str, limits: Limits) -> bytes:
    """The bytes of the archive's part `name` (a picture the body refers to)."""
    archive = _archive(data, limits)
    if name not in archive.namelist():
        raise DocumentError("picture_refused", f"the DOCX has no part {name}", 422)
    try:
        with archive.open(name) as handle:
            picture = handle.read(limits.max_picture_bytes + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise DocumentError(
            "picture_refused", f"the part {name} is damaged ({error})", 422
        ) from error
    if len(picture) > limits.max_picture_bytes:
        raise DocumentError(
            "picture_refused",
            f"the picture is larger than {limits.max_picture_bytes // 1024 // 1024} MiB",
            422,
        )
    return picture
