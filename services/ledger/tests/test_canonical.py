"""The fast canonical form is RFC 8785, byte for byte, wherever it is used."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from hotstack_ledger.domain.chain import (
    ENTRY_VERSION,
    MAX_SAFE_INTEGER,
    canonical_json,
    entry_bytes,
    format_time,
)

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


@settings(max_examples=300, deadline=None)
@given(
    payload=st.dictionaries(st.text(max_size=8), documents, max_size=6),
    names=st.lists(st.text(max_size=20), min_size=4, max_size=4),
    seq=st.integers(min_value=1, max_value=MAX_SAFE_INTEGER),
    created_at=st.datetimes(timezones=st.just(UTC)),
)
def test_an_entry_is_the_rfc8785_form_of_its_fields(
    payload: dict[str, Any], names: list[str], seq: int, created_at: datetime
) -> None:
    tenant, event_id, event_type, previous = names
    fields: dict[str, Any] = {
        "v": ENTRY_VERSION,
        "tenant_id": tenant,
        "seq": seq,
        "event_id": event_id,
        "event_type": event_type,
        "payload": payload,
        "created_at": format_time(created_at),
        "previous_hash": previous,
    }
    try:
        expected = rfc8785.dumps(fields)
    except rfc8785.CanonicalizationError:
        return  # lone surrogates: refused either way
    assert (
        entry_bytes(
            tenant_id=tenant,
            seq=seq,
            event_id=event_id,
            event_type=event_type,
            payload=payload,
            created_at=created_at,
            previous_hash=previous,
        )
        == expected
    )


@pytest.mark.parametrize("seq", [0.5, 2**53, -1])
def test_an_entry_refuses_a_position_that_is_not_a_safe_count(seq: Any) -> None:
    with pytest.raises(ValueError, match="safe integer"):
        entry_bytes(
            tenant_id="acme",
            seq=seq,
            event_id="evt",
            event_type="t",
            payload={},
            created_at=datetime.now(UTC),
            previous_hash="0" * 64,
        )
