"""A PDF's structure recovered from its typography, through pdfplumber (pdfminer.six).

A PDF has no headings or paragraphs, only characters placed on pages in fonts and sizes.
The body size is the size most of the text is set in; a line set larger is a heading,
and the distinct heading sizes rank into levels (the largest is 1). A short line all in
bold at body size, standing alone, is a heading below those. Lines of body text join into
a paragraph while the gap between them stays under a line's height; a line that starts
with a bullet or a number opens a list entry, and the lines indented under it continue it.
Page numbers and running headers repeated on every page are dropped.

It runs only after `pdf.read` has decoded every content stream under the caps.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass

import pdfplumber

from hotstack_contracts.document import Block, BlockKind, Document

from .limits import Limits
from .plain import headings_by_layout

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_BULLET = re.compile(r"^(?:[-•·▪◦‣\u2013\u2014*]|\d{1,2}[.)])\s+")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?$", re.I)
HEADING_RATIO = 1.12
MAX_HEADING_CHARS = 90


@dataclass(frozen=True)
class _Line:
    text: str
    page: int
    top: float
    bottom: float
    x0: float
    size: float
    bold: bool
    picture: str = ""
    """For a picture placed on the page: its reference, "page 2/Im0"."""

    @property
    def style(self) -> tuple[float, bool]:
        return (self.size, self.bold)


def _lines(data: bytes, limits: Limits) -> list[_Line]:
    lines: list[_Line] = []
    chars = 0
    with pdfplumber.open(io.BytesIO(data)) as document:
        for number, page in enumerate(document.pages[: limits.max_pages], start=1):
            for found in page.extract_text_lines(return_chars=True, strip=True):
                glyphs = [c for c in found["chars"] if str(c.get("text", "")).strip()]
                text = str(found["text"]).strip()
                if not glyphs or not text:
                    continue
                bold = sum(1 for c in glyphs if _BOLD.search(str(c.get("fontname", ""))))
                lines.append(
                    _Line(
                        text=text,
                        page=number,
                        top=float(found["top"]),
                        bottom=float(found["bottom"]),
                        x0=float(found["x0"]),
                        size=round(statistics.median(float(c["size"]) for c in glyphs), 1),
                        bold=bold >= 0.8 * len(glyphs),
                    )
                )
                chars += len(text)
            _place_pictures(lines, page, number)
            page.close()  # pdfplumber caches every page's objects otherwise
            if chars > limits.max_chars:
                break
    return lines


MIN_PICTURE_POINTS = 72.0
"""A picture narrower or shorter than an inch on the page is a rule, a bullet or a logo."""


def _place_pictures(lines: list[_Line], page: pdfplumber.page.Page, number: int) -> None:
    """The page's pictures among its lines, by their position from the top."""
    first = next((i for i, line in enumerate(lines) if line.page == number), len(lines))
    for image in page.images:
        width, height = float(image["width"]), float(image["height"])
        if min(width, height) < MIN_PICTURE_POINTS:
            continue
        top = float(image["top"])
        at = next(
            (i for i in range(first, len(lines)) if lines[i].top > top and lines[i].page == number),
            len(lines),
        )
        picture = _Line(
            text="",
            page=number,
            top=top,
            bottom=float(image["bottom"]),
            x0=float(image["x0"]),
            size=0.0,
            bold=False,
            picture=f"page {number}/{image['name']}",
        )
        lines.insert(at, picture)


def _furniture(lines: list[_Line]) -> set[str]:
    """Texts repeated at the same place on most pages (running headers and footers)."""
    pages = len({line.page for line in lines})
    if pages < 3:
        return set()
    seen = Counter((_key(line), round(line.top)) for line in lines)
    return {key for (key, _), count in seen.items() if count >= max(3, pages * 0.6)}


def _key(line: _Line) -> str:
    """What makes a line the same on every page: its text, or a picture's name (a logo in
    every page's corner is furniture too)."""
    return line.text or "\0" + line.picture.partition("/")[2]


class _Builder:
    def __init__(self, body: float) -> None:
        self.body = body
        self.blocks: list[Block] = []
        self.paragraph: list[_Line] = []
        self.items: list[list[_Line]] = []

    def flush(self) -> None:
        if self.paragraph:
            first = self.paragraph[0]
            text = "\n".join(line.text for line in self.paragraph)
            self.blocks.append(Block(BlockKind.PARAGRAPH, text=text, source=f"page {first.page}"))
            self.paragraph = []
        if self.items:
            first = self.items[0][0]
            entries = tuple(
                _BULLET.sub("", " ".join(line.text for line in item), count=1).strip()
                for item in self.items
            )
            ordered = bool(re.match(r"\d", first.text))
            self.blocks.append(
                Block(BlockKind.LIST, items=entries, ordered=ordered, source=f"page {first.page}")
            )
            self.items = []

    def picture(self, line: _Line) -> None:
        self.flush()
        source = f"page {line.page}"
        self.blocks.append(Block(BlockKind.IMAGE, ref=line.picture, source=source))

    def heading(self, lines: list[_Line], level: int) -> None:
        self.flush()
        text = " ".join(line.text for line in lines)
        source = f"page {lines[0].page}"
        self.blocks.append(Block(BlockKind.HEADING, text=text, level=level, source=source))

    def body_line(self, line: _Line, previous: _Line | None) -> None:
        close = (
            previous is not None
            and previous.page == line.page
            and 0 <= line.top - previous.bottom <= 0.6 * max(line.size, self.body)
        )
        if _BULLET.match(line.text):
            if self.paragraph:
                self.flush()
            self.items.append([line])
        elif self.items and close and previous is not None and line.x0 > self.items[-1][0].x0 + 2:
            self.items[-1].append(line)
        elif self.paragraph and close:
            self.paragraph.append(line)
        else:
            self.flush()
            self.paragraph = [line]


def read(data: bytes, limits: Limits) -> Document:
    """The PDF's blocks."""
    lines = _lines(data, limits)
    furniture = _furniture(lines)
    lines = [
        line for line in lines if _key(line) not in furniture and not _PAGE_NUMBER.match(line.text)
    ]
    if not any(line.text for line in lines):
        return Document(())
    weights = Counter[float]()
    for line in lines:
        if line.text:
            weights[line.size] += len(line.text)
    body = weights.most_common(1)[0][0]

    def is_heading(line: _Line) -> bool:
        if len(line.text) > MAX_HEADING_CHARS or _BULLET.match(line.text):
            return False
        if line.size >= body * HEADING_RATIO:
            return True
        return line.bold and line.size >= body - 0.5 and not line.text.endswith((".", ",", ";"))

    styles = sorted({line.style for line in lines if is_heading(line)}, reverse=True)
    rank = {style: min(6, index + 1) for index, style in enumerate(styles)}
    builder = _Builder(body)
    previous: _Line | None = None
    heading: list[_Line] = []
    for line in lines:
        if line.picture:
            if heading:
                builder.heading(heading, rank[heading[0].style])
                heading = []
            builder.picture(line)
            previous = None
        elif is_heading(line):
            wrapped = (
                heading
                and heading[-1].style == line.style
                and heading[-1].page == line.page
                and line.top - heading[-1].bottom <= 0.5 * line.size
            )
            if heading and not wrapped:
                builder.heading(heading, rank[heading[0].style])
                heading = []
            heading.append(line)
        else:
            if heading:
                builder.heading(heading, rank[heading[0].style])
                heading = []
                previous = None
            builder.body_line(line, previous)
            previous = line
    if heading:
        builder.heading(heading, rank[heading[0].style])
    builder.flush()
    blocks = builder.blocks if styles else headings_by_layout(builder.blocks)
    return Document(tuple(blocks))
