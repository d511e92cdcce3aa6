"""HTML through lxml's parser: scripts, styles and other non-content dropped, structure kept."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from hotstack_contracts.document import Block, BlockKind, Document

from .errors import DocumentError

_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math")
_BLOCKS = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "address",
    "blockquote", "pre", "table", "tr", "ul", "ol", "dl", "dt", "dd", "figure", "figcaption",
    "form", "fieldset", "hr", "body", "html",
}  # fmt: skip
_TAG = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|p|div|h[1-6]|ul|li|table|section)\b", re.I
)
_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, no_network=True, huge_tree=False, recover=True
)


def looks_like_html(text: str) -> bool:
    """Whether the text carries HTML markup near its start (checked before parsing)."""
    return _TAG.search(text, 0, 65536) is not None


def _parse(text: str) -> etree._Element:
    try:
        root = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise DocumentError("damaged", f"the HTML could not be parsed ({error})", 415) from error
    if root is None or len(root) == 0:
        raise DocumentError("not_html", "the file has no HTML elements", 415)
    return root


def confirm(text: str) -> None:
    """Raise DocumentError unless `text` parses as an HTML document."""
    if not looks_like_html(text):
        raise DocumentError("not_html", "the file is named .html but holds no HTML markup", 415)
    _parse(text)


_LISTS = ("ul", "ol", "dl")
_CELLS = ("td", "th")


def _text(element: etree._Element) -> str:
    """An element's visible text: dropped elements skipped, `<br>` kept as a newline."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag not in _DROP:
            if tag == "br":
                parts.append("\n")
            elif tag in _CELLS or tag in _BLOCKS or tag == "li":
                parts.append(" ")
            parts.append(node.text or "")
            for child in node:
                walk(child)
        if node is not element:
            parts.append(node.tail or "")

    walk(element)
    text = re.sub(r"[ \t\r\f\v]+", " ", "".join(parts))
    return re.sub(r" *\n *", "\n", text).strip()


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.line: list[str] = []
        self.line_source = ""

    def flush(self) -> None:
        text = re.sub(r"[ \t\r\f\v]+", " ", "".join(self.line))
        text = re.sub(r" *\n *", "\n", text).strip()
        if text:
            self.blocks.append(Block(BlockKind.PARAGRAPH, text=text, source=self.line_source))
        self.line.clear()

    def add_text(self, value: str | None, element: etree._Element) -> None:
        if value and value.strip() and not self.line:
            self.line_source = _where(element)
        if value:
            self.line.append(value)

    def walk(self, element: etree._Element) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in _DROP or tag == "head":
            self.add_text(element.tail, element)
            return
        heading = re.fullmatch(r"h([1-6])", tag)
        if heading:
            self.flush()
            text = _text(element).replace("\n", " ")
            if text:
                self.blocks.append(
                    Block(
                        BlockKind.HEADING,
                        text=text,
                        level=int(heading.group(1)),
                        source=_where(element),
                    )
                )
        elif tag in _LISTS:
            self.flush()
            self._list(element, ordered=tag == "ol")
        elif tag == "table":
            self.flush()
            self._table(element)
        elif tag == "img":
            self._image(element)
        else:
            block = tag in _BLOCKS or tag == "li"
            if block:
                self.flush()
            if tag == "br":
                self.add_text("\n", element)
            elif tag in _CELLS:
                self.add_text(" ", element)
            self.add_text(element.text, element)
            for child in element:
                self.walk(child)
            if block:
                self.flush()
        self.add_text(element.tail, element)

    def _list(self, element: etree._Element, *, ordered: bool) -> None:
        entries = [
            _text(item)
            for item in element.iter("li", "dt", "dd")
            if item.getparent() is element or item.tag in ("dt", "dd")
        ]
        items = tuple(entry for entry in entries if entry)
        if items:
            self.blocks.append(
                Block(BlockKind.LIST, items=items, ordered=ordered, source=_where(element))
            )
        for image in element.iter("img"):
            self._image(image)

    def _table(self, element: etree._Element) -> None:
        rows = []
        for row in element.iter("tr"):
            cells = tuple(_text(cell).replace("\n", " ") for cell in row if cell.tag in _CELLS)
            if any(cells):
                rows.append(cells)
        if rows:
            self.blocks.append(Block(BlockKind.TABLE, rows=tuple(rows), source=_where(element)))

    def _image(self, element: etree._Element) -> None:
        source = (element.get("src") or "").strip()
        if source:
            self.flush()
            alt = (element.get("alt") or "").strip()
            self.blocks.append(Block(BlockKind.IMAGE, text=alt, ref=source, source=_where(element)))


def _where(element: etree._Element) -> str:
    line = element.sourceline
    return f"line {line}" if line else ""


def read(text: str) -> Document:
    """The page's blocks; the `<title>` leads when the page has no `<h1>`."""
    root = _parse(text)
    reader = _Reader()
    reader.walk(root)
    reader.flush()
    blocks = reader.blocks
    if not any(b.kind is BlockKind.HEADING and b.level == 1 for b in blocks):
        title = root.findtext(".//title")
        if title and title.strip():
            blocks.insert(0, Block(BlockKind.HEADING, text=title.strip(), level=1, source="title"))
    return Document(tuple(blocks))
