"""Text checks made on the bytes, or a piece at a time, agree with reading the text whole."""

from __future__ import annotations

import codecs
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotstack_libs.documents import DocumentError, Identified, Kind, identified_as_text, text

pytestmark = pytest.mark.unit

# Every kind of character, with the controls and the two-byte range around C1 made common.
characters = st.characters(codec="utf-8") | st.sampled_from(
    [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA1))]
)


@settings(max_examples=400, deadline=None)
@given(st.text(characters, max_size=200))
def test_counting_on_the_bytes_equals_the_pattern_on_the_text(value: str) -> None:
    assert text.utf8_controls(value.encode()) == len(text._CONTROL.findall(value))


def test_a_control_heavy_utf8_file_is_refused_and_a_clean_one_is_read() -> None:
    with pytest.raises(Exception, match="binary data"):
        text.decode(("é\x85" * 100).encode())
    assert text.decode("Café\r\nmenu\n".encode()) == "Café\nmenu\n"


def probed(data: bytes, cuts: list[int]) -> text.TextProbe:
    probe = text.TextProbe()
    edges = sorted({0, len(data), *(c % (len(data) + 1) for c in cuts)})
    for start, end in itertools.pairwise(edges):
        probe.feed(memoryview(data)[start:end])
    probe.finish()
    return probe


def decodes_with_words(data: bytes) -> bool:
    try:
        return re.search(r"\w", text.decode(data)) is not None
    except DocumentError:
        return False


@settings(max_examples=400, deadline=None)
@given(st.text(characters, max_size=300), st.lists(st.integers(min_value=0), max_size=6))
def test_the_probe_of_utf8_in_pieces_agrees_with_reading_it_whole(
    value: str, cuts: list[int]
) -> None:
    data = value.encode()
    expected = decodes_with_words(data) and not data.startswith(codecs.BOM_UTF8)
    assert probed(data, cuts).readable == expected


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.lists(st.integers(min_value=0), max_size=6))
def test_whatever_the_probe_calls_readable_reads_as_text(data: bytes, cuts: list[int]) -> None:
    if probed(data, cuts).readable:
        assert decodes_with_words(data)


def test_a_pdf_written_in_ascii_is_still_sent_to_the_parser() -> None:
    probe = probed(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" * 20, [100])
    assert probe.readable
    assert identified_as_text("brief.md", probe) is None
    assert identified_as_text("brief.md", probed(b"# Mugs and bowls\n", [3])) == Identified(
        Kind.MARKDOWN
    )
    assert identified_as_text("brief.html", probed(b"<p>Mugs</p>", [])) is None
