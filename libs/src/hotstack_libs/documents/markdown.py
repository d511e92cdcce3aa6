"""Markdown through markdown-it-py (CommonMark plus tables): its tokens become blocks."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from hotstack_contracts.document import Block, BlockKind, Document

# Raw HTML in a brief is text to read, never markup to keep.
_PARSER = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def inline_text(token: Token) -> str:
    """The text of an inline token: marks dropped, line breaks kept as newlines."""
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts).strip()


def _images(token: Token, line: int) -> list[Block]:
    return [
        Block(
            BlockKind.IMAGE,
            text=child.content,
            ref=str(child.attrs.get("src", "")),
            source=f"line {line}",
        )
        for child in token.children or ()
        if child.type == "image"
    ]


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


class _Reader:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.at = 0
        self.blocks: list[Block] = []

    def run(self) -> list[Block]:
        while self.at < len(self.tokens):
            token = self.tokens[self.at]
            if token.type == "heading_open":
                self._heading(token)
            elif token.type == "paragraph_open":
                self._paragraph(token)
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                self._list(token)
            elif token.type == "table_open":
                self._table(token)
            elif token.type in ("fence", "code_block") and token.content.strip():
                self.blocks.append(
                    Block(BlockKind.PARAGRAPH, text=token.content.strip(), source=_where(token))
                )
            self.at += 1
        return self.blocks

    def _heading(self, token: Token) -> None:
        inline = self.tokens[self.at + 1]
        text = inline_text(inline)
        if text:
            level = int(token.tag[1])
            self.blocks.append(
                Block(BlockKind.HEADING, text=text, level=level, source=_where(token))
            )
        self.at += 2

    def _paragraph(self, token: Token) -> None:
        inline = self.tokens[self.at + 1]
        text = inline_text(inline)
        if text:
            self.blocks.append(Block(BlockKind.PARAGRAPH, text=text, source=_where(token)))
        self.blocks.extend(_images(inline, _line(token)))
        self.at += 2

    def _list(self, opening: Token) -> None:
        close = opening.type.replace("_open", "_close")
        depth = 0
        items: list[str] = []
        item_depth = -1
        images: list[Block] = []
        while self.at < len(self.tokens):
            token = self.tokens[self.at]
            if token.type == opening.type:
                depth += 1
            elif token.type == close:
                depth -= 1
                if depth == 0:
                    break
            elif token.type == "list_item_open":
                item_depth += 1
                items.append("")
            elif token.type == "list_item_close":
                item_depth -= 1
            elif token.type == "inline" and items:
                text = inline_text(token)
                images.extend(_images(token, _line(token)))
                if text:
                    # Nested entries and an item's further paragraphs join the item they are in.
                    items[-1] = f"{items[-1]}\n{text}" if items[-1] else text
            self.at += 1
        entries = tuple(item for item in items if item)
        if entries:
            ordered = opening.type == "ordered_list_open"
            self.blocks.append(
                Block(BlockKind.LIST, items=entries, ordered=ordered, source=_where(opening))
            )
        self.blocks.extend(images)

    def _table(self, opening: Token) -> None:
        rows: list[tuple[str, ...]] = []
        row: list[str] = []
        while self.at < len(self.tokens):
            token = self.tokens[self.at]
            if token.type == "table_close":
                break
            if token.type == "tr_open":
                row = []
            elif token.type == "inline":
                row.append(inline_text(token))
            elif token.type == "tr_close":
                rows.append(tuple(row))
            self.at += 1
        if rows:
            self.blocks.append(Block(BlockKind.TABLE, rows=tuple(rows), source=_where(opening)))


def _where(token: Token) -> str:
    return f"line {_line(token)}"


def read(text: str) -> Document:
    """A Markdown brief's blocks."""
    return Document(tuple(_Reader(_PARSER.parse(text)).run()))
