"""HTML through lxml's parser: scripts, styles and other non-content dropped, structure kept."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

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


class _Writer:
    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.line: list[str] = []
        self.prefix = ""

    def text(self, value: str | None) -> None:
        if value:
            self.line.append(value)

    def flush(self) -> None:
        text = re.sub(r"[ \t\r\f\v]+", " ", "".join(self.line)).strip()
        text = re.sub(r" *\n *", "\n", text)
        if text:
            self.blocks.append(f"{self.prefix}{text}")
        self.line.clear()
        self.prefix = ""


def _walk(element: etree._Element, out: _Writer) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    tag = tag.lower()
    if tag in _DROP or tag == "head":
        out.text(element.tail)
        return
    heading = re.fullmatch(r"h([1-6])", tag)
    if heading or tag in _BLOCKS or tag == "li":
        out.flush()
        if heading:
            out.prefix = "#" * int(heading.group(1)) + " "
        elif tag == "li":
            out.prefix = "- "
    if tag == "br":
        out.text("\n")
    elif tag in ("td", "th"):
        out.text(" ")
    out.text(element.text)
    for child in element:
        _walk(child, out)
    if heading or tag in _BLOCKS or tag == "li":
        out.flush()
    out.text(element.tail)


def read(text: str) -> str:
    """The page's text as Markdown-ish blocks; the `<title>` leads when there is no `<h1>`."""
    root = _parse(text)
    out = _Writer()
    _walk(root, out)
    blocks = out.blocks
    if not any(block.startswith("# ") for block in blocks):
        title = root.findtext(".//title")
        if title and title.strip():
            blocks.insert(0, f"# {title.strip()}")
    return "\n\n".join(blocks)
