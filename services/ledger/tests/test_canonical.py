"""The fast canonical form is RFC 8785, byte for byte, wherever it is used."""

from __future__ import annotations

from typing import Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from hotstack_ledger.domain.chain import MAX_SAFE_INTEGER, canonical_json

pytestmark = pytest.mark.unit

ascii_keys = st.text(alphabet=st.characters(max_codepoint=127), max_size=12)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-MAX_SAFE_INTEGER, max_value=MAX_SAFE_INTEGER)
    | st.text()
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(ascii_keys, inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=500, deadline=None)
@given(documents)
def test_fast_path_equals_rfc8785(document: Any) -> None:
    try:
        expected = rfc8785.dumps(document)
    except rfc8785.CanonicalizationError:
        return  # e.g. lone surrogates: both refuse; checked below
    assert canonical_json(document) == expected


@pytest.mark.parametrize(
    "document",
    [
        {"é": 1, "z": 2, "a": 3},  # non-ASCII keys: UTF-16 order
        {"\U0001f600": 1, "\ufb01": 2},  # outside the BMP sorts before U+FB01 in UTF-16
        {"x": 1.5},
        {"big": 2**60},
    ],
)
def test_other_documents_go_through_rfc8785(document: Any) -> None:
    try:
        expected = rfc8785.dumps(document)
    except Exception as error:
        with pytest.raises(type(error)):
            canonical_json(document)
        return
    assert canonical_json(document) == expected


def test_control_characters_and_separators_escape_as_rfc8785() -> None:
    text = "".join(chr(c) for c in range(0x20)) + '"\\\u007f\u2028\u2029é😀'
    assert canonical_json({"s": text}) == rfc8785.dumps({"s": text})
