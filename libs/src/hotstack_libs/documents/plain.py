"""Plain-text briefs read by their layout, the way a person sees a typed note.

A chunk is a run of lines between blank lines. A heading is a line that stands alone and
reads like a title: `#` marks, a line underlined with `===` or `---`, an ALL-CAPS line, a
short capitalised line without closing punctuation that comes before more text, such a
line ending in a colon, or a few words in any case straight above a list. Lines starting
with a bullet or a number form lists; an indented line continues the entry above it.
Everything else is paragraphs, lines kept as typed.
"""

from __future__ import annotations

import re

from hotstack_contracts.document import Block, BlockKind, Document

_ATX = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_UNDERLINE = re.compile(r"^\s*(=+|-+|~+|\*+)\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+•·▪◦‣\u2013\u2014]|(\d{1,2}|[a-z])[.)])\s+(.+)$")
_LABEL = re.compile(r"^[^:]{1,40}:\s+\S")
_CLOSING = re.compile(r"[.!?;,…]$")
MAX_HEADING_WORDS = 10
MAX_HEADING_CHARS = 80


def title_like(line: str) -> bool:
    """A short line that starts with a capital (or a digit) and does not end a sentence."""
    words = line.split()
    return (
        0 < len(words) <= MAX_HEADING_WORDS
        and len(line) <= MAX_HEADING_CHARS
        and (line[0].isupper() or line[0].isdigit())
        and not _CLOSING.search(line)
        and not _LABEL.match(line)
        and "@" not in line
        and sum(c.isdigit() for c in line) < 7  # a phone number is no title
        and not re.search(r"https?://|www\.", line)
    )


def _caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters) and len(line) <= 80


def _chunks(text: str) -> list[tuple[int, list[str]]]:
    chunks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.rstrip())
        elif current:
            chunks.append((start, current))
            current = []
    if current:
        chunks.append((start, current))
    return chunks


class _Layout:
    def __init__(self) -> None:
        self.blocks: list[Block] = []

    def heading(self, text: str, level: int, line: int) -> None:
        text = text.strip().rstrip(":").strip()
        if text:
            self.blocks.append(
                Block(BlockKind.HEADING, text=text, level=level, source=f"line {line}")
            )

    def body(self, lines: list[str], first: int) -> None:
        """Paragraph lines and list entries, in order."""
        paragraph: list[str] = []
        items: list[str] = []
        ordered = False
        start = first

        def flush_paragraph(at: int) -> None:
            if paragraph:
                text = "\n".join(line.strip() for line in paragraph)
                self.blocks.append(Block(BlockKind.PARAGRAPH, text=text, source=f"line {at}"))
                paragraph.clear()

        def flush_items(at: int) -> None:
            if items:
                self.blocks.append(
                    Block(BlockKind.LIST, items=tuple(items), ordered=ordered, source=f"line {at}")
                )
                items.clear()

        for offset, line in enumerate(lines):
            bullet = _BULLET.match(line)
            if bullet:
                if not items:
                    flush_paragraph(start)
                    start = first + offset
                    ordered = bullet.group(1) is not None
                items.append(bullet.group(2).strip())
            elif items and line[:1].isspace():
                items[-1] = f"{items[-1]} {line.strip()}"
            else:
                if items:
                    flush_items(start)
                    start = first + offset
                elif not paragraph:
                    start = first + offset
                paragraph.append(line)
        flush_paragraph(start)
        flush_items(start)


def read(text: str) -> Document:
    """A plain-text brief's blocks, recovered from its layout."""
    layout = _Layout()
    chunks = _chunks(text)
    for index, (line, lines) in enumerate(chunks):
        first = lines[0].strip()
        atx = _ATX.match(first)
        is_first = index == 0 and not layout.blocks
        if atx:
            layout.heading(atx.group(2), len(atx.group(1)), line)
            rest = lines[1:]
        elif len(lines) >= 2 and _UNDERLINE.match(lines[1]) and not _BULLET.match(first):
            level = 1 if lines[1].strip()[0] == "=" else 2
            layout.heading(first, level, line)
            rest = lines[2:]
        elif (
            _caps(first)
            and not _BULLET.match(first)
            and (len(lines) > 1 or index + 1 < len(chunks))
        ):
            layout.heading(first, 1 if is_first else 2, line)
            rest = lines[1:]
        elif (
            title_like(first)
            and not _BULLET.match(first)
            and (len(lines) > 1 or index + 1 < len(chunks))
        ):
            following = lines[1] if len(lines) > 1 else chunks[index + 1][1][0]
            if first.endswith(":") or not title_like(following) or _BULLET.match(following):
                layout.heading(first, 1 if is_first else 2, line)
                rest = lines[1:]
            else:
                rest = lines
        elif (
            len(lines) > 1
            and _BULLET.match(lines[1])
            and not _BULLET.match(first)
            and len(first.split()) <= 6
            and not _CLOSING.search(first)
            and not _LABEL.match(first)
        ):
            # "jams" or "on the day" typed in lower case, straight above a list.
            layout.heading(first, 1 if is_first else 2, line)
            rest = lines[1:]
        elif first.endswith(":") and len(first) <= MAX_HEADING_CHARS and len(lines) > 1:
            layout.heading(first, 2, line)
            rest = lines[1:]
        else:
            rest = lines
        if rest:
            layout.body(rest, line + len(lines) - len(rest))
    return Document(tuple(layout.blocks))


def headings_by_layout(blocks: list[Block]) -> list[Block]:
    """Headings of a document that marks none (a PDF set in one size and weight, a DOCX
    typed without heading styles): as in a typed note, a short title-like line standing
    alone before more text; the first one, opening the document, is its title."""
    found: list[Block] = []
    for index, block in enumerate(blocks):
        standalone = block.kind is BlockKind.PARAGRAPH and "\n" not in block.text
        if standalone and title_like(block.text) and index + 1 < len(blocks):
            level = 1 if index == 0 else 2
            found.append(
                Block(BlockKind.HEADING, text=block.text, level=level, source=block.source)
            )
        else:
            found.append(block)
    return found
