"""A brief's document read into parts: headed runs of copy, with every instruction to the
builder taken out (and kept, with where it was) so that it is followed, never published."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hotstack_contracts.document import Block, BlockKind, Document

from . import contacts
from .directives import Directive
from .instructions import is_framing, is_instruction, sentences

# "Label: value" lines that feed the intent's fields rather than the page's copy.
_FIELD_LINE = re.compile(
    r"^\s*(?:business name|company name|name|business|company|organi[sz]ation|charity|"
    r"tagline|slogan|motto|e-?mail|phone|tel|telephone|mobile|fax|colou?rs?|palette|"
    r"audience|target audience|nombre|correo|tel[eé]fono|m[oó]vil|nom|courriel|t[eé]l[eé]phone|"
    r"portable|firmenname|telefon|handy)\s*[:\-\u2013\u2014]",
    re.I,
)
_PRICE = re.compile(r"(?:[£$€]\s?\d|\d(?:[.,]\d{2})?\s?(?:€|eur|usd|gbp)\b)", re.I)


@dataclass
class Part:
    """A heading and the copy under it (each text with its source), up to the next heading."""

    heading: str
    source: str
    framing: bool = False
    level: int = 0  # of its heading (1 the largest); 0 for the copy before any heading
    paragraphs: list[tuple[str, str]] = field(default_factory=list)  # (text, source)
    items: list[tuple[str, str]] = field(default_factory=list)
    priced: int = 0
    images: list[tuple[str, str, str]] = field(default_factory=list)  # (ref, alt, source)


@dataclass
class Reading:
    """Everything read from a brief, with where each piece came from."""

    title: str | None
    parts: list[Part]
    instructions: list[tuple[str, str]]  # (sentence, source)
    passages: list[tuple[str, str]]  # every text of the brief, (text, source)
    directives: list[Directive] = field(default_factory=list)
    found_phones: list[contacts.Phone] = field(default_factory=list)

    @property
    def phones(self) -> list[str]:
        """Every number read, in E.164."""
        return [phone.e164 for phone in self.found_phones]

    @property
    def directive_keys(self) -> list[str]:
        """The directives as "kind:value"."""
        return [f"{d.kind.value}:{d.value}" for d in self.directives]


def _tidy(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text).strip()


def _copy_of(text: str, source: str, instructions: list[tuple[str, str]]) -> str:
    """The sentences of a text that are copy; the others go to `instructions`."""
    kept: list[str] = []
    for line in text.split("\n"):
        if _FIELD_LINE.match(line):
            if is_instruction(line):
                instructions.append((line.strip(), source))
            continue
        line_kept: list[str] = []
        for sentence in sentences(line):
            if is_instruction(sentence):
                instructions.append((sentence, source))
            else:
                line_kept.append(sentence)
        if line_kept:
            kept.append(" ".join(line_kept))
    return _joined(kept)


def _joined(lines: list[str]) -> str:
    """Lines of one paragraph: wrapped prose joins with spaces; short label lines stay lines."""
    if not lines:
        return ""
    out = lines[0]
    for line in lines[1:]:
        previous = out.rsplit("\n", 1)[-1]
        label_like = re.match(r"^[^:]{1,30}:\s", line) or len(previous) < 40
        out += ("\n" if label_like and not previous.endswith((",", "-")) else " ") + line
    return out


def read(document: Document) -> Reading:
    """The brief's parts (headed runs of copy) and its instructions."""
    blocks = list(document.blocks)
    title: str | None = None
    first_heading = next((i for i, b in enumerate(blocks) if b.kind is BlockKind.HEADING), None)
    if first_heading is not None:
        top = min(b.level for b in blocks if b.kind is BlockKind.HEADING)
        heading = blocks[first_heading]
        if (first_heading == 0 and heading.level == top) or (
            first_heading <= 2 and heading.level == 1
        ):
            title = blocks[first_heading].text
            blocks.pop(first_heading)
    instructions: list[tuple[str, str]] = []
    if title and is_framing(title):
        instructions.append((title, "title"))
    passages: list[tuple[str, str]] = [(title, "title")] if title else []
    parts = [Part(heading="", source="")]
    framing_level = 0
    for block in blocks:
        passages.extend(_texts(block))
        if block.kind is BlockKind.HEADING:
            framing = is_framing(block.text) or is_instruction(block.text)
            if framing_level and block.level > framing_level:
                framing = True  # a sub-heading of "Notes for the designer"
            framing_level = block.level if framing and not framing_level else framing_level
            if not framing:
                framing_level = 0
            parts.append(
                Part(
                    heading=_tidy(block.text),
                    source=block.source,
                    framing=framing,
                    level=block.level,
                )
            )
            if framing:
                instructions.append((block.text, block.source))
            continue
        part = parts[-1]
        if part.framing:
            instructions.extend((text, block.source) for text, _ in _texts(block))
            continue
        _take(block, part, instructions)
    return Reading(title, _folded(parts), instructions, passages)


def _folded(parts: list[Part]) -> list[Part]:
    """A heading with nothing under it but sub-headings, each over a paragraph or two
    ("Practice areas" > "Employment" > what it covers), is one list: each sub-heading an
    item named by it and described by its copy."""
    out: list[Part] = []
    i = 0
    while i < len(parts):
        part, j = parts[i], i + 1
        while j < len(parts) and part.level and parts[j].level > part.level:
            j += 1
        children = parts[i + 1 : j]
        if (
            len(children) >= 2
            and not (part.paragraphs or part.items or part.framing)
            and all(0 < len(c.paragraphs) <= 2 and not c.items and not c.framing for c in children)
        ):
            part.items = [
                (f"{c.heading} — {' '.join(text for text, _ in c.paragraphs)}", c.source)
                for c in children
            ]
            i = j
        else:
            i += 1
        out.append(part)
    return out


def _texts(block: Block) -> list[tuple[str, str]]:
    if block.kind is BlockKind.LIST:
        return [(item, block.source) for item in block.items]
    if block.kind is BlockKind.TABLE:
        return [(" — ".join(cell for cell in row if cell), block.source) for row in block.rows]
    return [(block.text, block.source)] if block.text else []


def _take(block: Block, part: Part, instructions: list[tuple[str, str]]) -> None:
    if block.kind is BlockKind.PARAGRAPH:
        copy = _copy_of(block.text, block.source, instructions)
        if copy:
            part.paragraphs.append((copy, block.source))
    elif block.kind in (BlockKind.LIST, BlockKind.TABLE):
        rows = (
            block.rows[1:] if block.kind is BlockKind.TABLE and len(block.rows) > 1 else block.rows
        )
        texts = (
            [" — ".join(c for c in row if c) for row in rows]
            if block.kind is BlockKind.TABLE
            else list(block.items)
        )
        for text in texts:
            copy = _copy_of(text, block.source, instructions)
            if copy:
                part.items.append((copy.replace("\n", " "), block.source))
                part.priced += bool(_PRICE.search(copy))
    elif block.kind is BlockKind.IMAGE and block.ref and not block.ref.startswith("data:"):
        part.images.append((block.ref[:300], block.text[:300], block.source))
