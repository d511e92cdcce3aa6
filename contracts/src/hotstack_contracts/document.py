"""The one shape every brief is read into, whatever its format.

A PDF, a DOCX, HTML, Markdown and a plain-text note all become a `Document`: blocks in
reading order (headings with their levels, paragraphs, lists, tables, image references),
each with the place in the original it came from. The readers in `hotstack_libs.documents`
produce it inside the document sandbox; the intent service reads briefs only through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class BlockKind(StrEnum):
    """What a block is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST = "list"
    TABLE = "table"
    IMAGE = "image"


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a document, with where it came from (`source`, e.g. "line 12")."""

    kind: BlockKind
    text: str = ""
    """Heading or paragraph text (lines kept as written, joined by newlines); image alt text."""
    level: int = 0
    """Heading level, 1 for the document's title."""
    items: tuple[str, ...] = ()
    """List entries."""
    ordered: bool = False
    """Whether a list is numbered."""
    rows: tuple[tuple[str, ...], ...] = ()
    """Table rows, cells as text; the first row is the header when the table has one."""
    ref: str = ""
    """Image reference: a part name, a URL or a data URI."""
    source: str = ""
    """Where in the original: "line 12", "page 2", "paragraph 7"."""


@dataclass(frozen=True, slots=True)
class Document:
    """A brief's blocks in reading order."""

    blocks: tuple[Block, ...]

    def markdown(self) -> str:
        """The document as Markdown (headings `#`, list items `-`, tables as pipe rows)."""
        parts: list[str] = []
        for block in self.blocks:
            if block.kind is BlockKind.HEADING:
                parts.append(f"{'#' * max(1, min(6, block.level))} {block.text}")
            elif block.kind is BlockKind.PARAGRAPH:
                parts.append(block.text)
            elif block.kind is BlockKind.LIST:
                marks = (f"{n}." if block.ordered else "-" for n in range(1, len(block.items) + 1))
                parts.append(
                    "\n".join(
                        f"{mark} {item}" for mark, item in zip(marks, block.items, strict=True)
                    )
                )
            elif block.kind is BlockKind.TABLE:
                parts.append("\n".join("| " + " | ".join(row) + " |" for row in block.rows))
            elif block.kind is BlockKind.IMAGE:
                parts.append(f"![{block.text}]({block.ref})")
        return "\n\n".join(part for part in parts if part.strip())

    def size(self) -> int:
        """Characters of text held."""
        return sum(
            len(b.text) + sum(map(len, b.items)) + sum(len(c) for row in b.rows for c in row)
            for b in self.blocks
        )
