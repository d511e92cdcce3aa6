"""Every format becomes the same document model: headings with levels, paragraphs, lists,
tables and images, each with where it came from."""

from __future__ import annotations

import pytest

from hotstack_contracts.document import BlockKind, Document
from hotstack_libs.documents import Kind, Limits, read_document
from hotstack_tools.testing import documents as samples

pytestmark = pytest.mark.unit


def _read(kind: Kind, data: bytes) -> Document:
    return read_document(kind, data, Limits())


def _outline(document: Document) -> list[tuple[str, int, str]]:
    return [
        (b.kind.value, b.level, b.text or " / ".join(b.items) or str(b.rows) or b.ref)
        for b in document.blocks
    ]


def test_markdown_keeps_levels_lists_tables_images_and_lines() -> None:
    text = (
        "# Crumb\n\nFresh bread.\nOpen daily.\n\n## Menu\n\n| Loaf | Price |\n|---|---|\n"
        "| Rye | £4 |\n\n- Sourdough\n- Focaccia\n\n![Our shop](shop.jpg)\n"
    )
    document = _read(Kind.MARKDOWN, text.encode())
    kinds = [b.kind for b in document.blocks]
    assert kinds == [
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
        BlockKind.HEADING,
        BlockKind.TABLE,
        BlockKind.LIST,
        BlockKind.IMAGE,
    ]
    assert document.blocks[1].text == "Fresh bread.\nOpen daily."
    assert document.blocks[2].level == 2
    assert document.blocks[3].rows == (("Loaf", "Price"), ("Rye", "£4"))
    assert document.blocks[5].ref == "shop.jpg"
    assert document.blocks[2].source == "line 6"


def test_plain_text_headings_come_from_layout() -> None:
    text = (
        "WHISKER HAVEN\n\nA cat rescue in Galway.\n\nOur cats\n- Mittens, 2 years\n"
        "- Tom, 5 years\n  loves laps\n\nOpening hours:\nSat and Sun 11-4\n\n"
        "Adoption\n========\nFee is 80 euro.\n"
    )
    outline = _outline(_read(Kind.TEXT, text.encode()))
    assert outline == [
        ("heading", 1, "WHISKER HAVEN"),
        ("paragraph", 0, "A cat rescue in Galway."),
        ("heading", 2, "Our cats"),
        ("list", 0, "Mittens, 2 years / Tom, 5 years loves laps"),
        ("heading", 2, "Opening hours"),
        ("paragraph", 0, "Sat and Sun 11-4"),
        ("heading", 1, "Adoption"),
        ("paragraph", 0, "Fee is 80 euro."),
    ]


def test_a_chatty_note_is_paragraphs_not_headings() -> None:
    text = "hi, we're a knitting group\n\nwe meet on thursdays at the library\n"
    kinds = {b.kind for b in _read(Kind.TEXT, text.encode()).blocks}
    assert kinds == {BlockKind.PARAGRAPH}


def test_docx_headings_lists_and_tables_from_styles() -> None:
    data = samples.docx(
        [
            "# Wellspring",
            "## Team",
            "| Name | Role |",
            "| Aoife | Lead |",
            "### Fees",
            "- Assessment €70",
            "1. First visit",
        ]
    )
    outline = _outline(_read(Kind.DOCX, data))
    assert outline[:3] == [("heading", 1, "Wellspring"), ("heading", 2, "Team"), outline[2]]
    assert outline[2][0] == "table"
    table = next(b for b in _read(Kind.DOCX, data).blocks if b.kind is BlockKind.TABLE)
    assert table.rows == (("Name", "Role"), ("Aoife", "Lead"))
    assert ("heading", 3, "Fees") in outline
    lists = [b for b in _read(Kind.DOCX, data).blocks if b.kind is BlockKind.LIST]
    assert [(b.items, b.ordered) for b in lists] == [
        (("Assessment €70",), False),
        (("First visit",), True),
    ]


def test_pdf_headings_are_recovered_from_typography() -> None:
    data = samples.pdf(
        [
            "# Harbour Dental",
            "Caring for families since 1998.",
            "## Treatments",
            "- Check-ups",
            "- Fillings and crowns",
            "## Contact",
            "Main line: (415) 555-0123",
        ]
    )
    outline = _outline(_read(Kind.PDF, data))
    assert outline == [
        ("heading", 1, "Harbour Dental"),
        ("paragraph", 0, "Caring for families since 1998."),
        ("heading", 2, "Treatments"),
        ("list", 0, "Check-ups / Fillings and crowns"),
        ("heading", 2, "Contact"),
        ("paragraph", 0, "Main line: (415) 555-0123"),
    ]
    assert all(b.source == "page 1" for b in _read(Kind.PDF, data).blocks)


def test_a_pdf_set_in_one_size_gets_its_headings_from_layout() -> None:
    data = samples.pdf(
        [
            "Greenleaf Gardens",
            "Landscaping and garden maintenance in Brisbane's northern suburbs.",
            "Services",
            "Garden design, irrigation and paving.",
            "Call 07 3555 0142",
        ]
    )
    outline = _outline(_read(Kind.PDF, data))
    assert outline == [
        ("heading", 1, "Greenleaf Gardens"),
        ("paragraph", 0, "Landscaping and garden maintenance in Brisbane's northern suburbs."),
        ("heading", 2, "Services"),
        ("paragraph", 0, "Garden design, irrigation and paving."),
        ("paragraph", 0, "Call 07 3555 0142"),  # the last line: nothing after it to head
    ]


def test_html_images_tables_and_headings() -> None:
    page = (
        b"<html><body><h1>Atelier</h1><p>Photos <b>of</b> weddings.</p>"
        b"<img src='data:image/png;base64,AAAA' alt='A couple'>"
        b"<table><tr><th>Offer</th><th>Price</th></tr><tr><td>Full day</td><td>1 900</td></tr>"
        b"</table><ul><li>One</li><li>Two</li></ul></body></html>"
    )
    outline = _outline(_read(Kind.HTML, page))
    assert outline[0] == ("heading", 1, "Atelier")
    assert outline[1] == ("paragraph", 0, "Photos of weddings.")
    assert outline[2][0] == "image"
    assert outline[4] == ("list", 0, "One / Two")
    table = _read(Kind.HTML, page).blocks[3]
    assert table.rows == (("Offer", "Price"), ("Full day", "1 900"))
