"""The chain: canonical entries, links, Merkle root, and tampering named by seq."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from hotstack_ledger.domain.chain import (
    GENESIS_HASH,
    StoredEntry,
    entry_bytes,
    leaf_hash,
    verify_chain,
)
from hotstack_ledger.domain.merkle import merkle_root, node_hash

pytestmark = pytest.mark.unit


def build_chain(size: int, tenant: str = "acme") -> list[StoredEntry]:
    entries = []
    previous = GENESIS_HASH
    for seq in range(1, size + 1):
        entry = entry_bytes(
            tenant_id=tenant,
            seq=seq,
            event_id=f"evt_{seq}",
            event_type="hotstack.upload.received.v1",
            payload={"n": seq, "text": "é€😀", "b": [1, True, None]},
            created_at=datetime(2026, 1, 1, 12, 0, seq % 60, 123456, tzinfo=UTC),
            previous_hash=previous,
        )
        digest = leaf_hash(entry).hex()
        entries.append(StoredEntry(seq, entry, digest))
        previous = digest
    return entries


def test_entry_is_rfc8785_canonical_with_microsecond_utc_time() -> None:
    entry = build_chain(1)[0].entry
    assert entry.startswith(b'{"created_at":"2026-01-01T12:00:01.123456Z","event_id":"evt_1"')
    assert b" " not in entry.replace(b"\xc3\xa9", b"")  # no insignificant whitespace


def test_a_whole_chain_verifies_and_reports_its_root() -> None:
    entries = build_chain(7)
    result = verify_chain("acme", entries)
    assert result.ok
    assert result.size == 7
    assert result.root == merkle_root([leaf_hash(e.entry) for e in entries]).hex()


def test_merkle_root_matches_rfc6962_split_definition() -> None:
    leaves = [hashlib.sha256(bytes([i])).digest() for i in range(7)]

    def mth(items: list[bytes]) -> bytes:
        if len(items) == 1:
            return items[0]
        k = 1
        while k * 2 < len(items):
            k *= 2
        return node_hash(mth(items[:k]), mth(items[k:]))

    for n in range(1, 8):
        assert merkle_root(leaves[:n]) == mth(leaves[:n])
    assert merkle_root([]) == hashlib.sha256(b"").digest()


@pytest.mark.parametrize("index", [0, 3, 6])
def test_changing_one_byte_names_that_entry(index: int) -> None:
    entries = build_chain(7)
    target = entries[index]
    tampered = bytearray(target.entry)
    position = tampered.index(b'"n":') + 4
    tampered[position] = ord("9")
    entries[index] = StoredEntry(target.seq, bytes(tampered), target.hash)
    result = verify_chain("acme", entries)
    assert not result.ok
    assert result.first_broken_seq == index + 1


def test_deleting_an_entry_names_the_gap() -> None:
    entries = build_chain(5)
    del entries[2]
    result = verify_chain("acme", entries)
    assert (result.ok, result.first_broken_seq) == (False, 3)


def test_swapping_two_entries_names_the_first() -> None:
    entries = build_chain(5)
    entries[1], entries[2] = entries[2], entries[1]
    result = verify_chain("acme", entries)
    assert (result.ok, result.first_broken_seq) == (False, 2)


def test_a_recomputed_hash_does_not_hide_a_broken_link() -> None:
    entries = build_chain(4)
    forged = entry_bytes(
        tenant_id="acme",
        seq=3,
        event_id="evt_forged",
        event_type="hotstack.upload.received.v1",
        payload={},
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        previous_hash=GENESIS_HASH,
    )
    entries[2] = StoredEntry(3, forged, leaf_hash(forged).hex())
    result = verify_chain("acme", entries)
    assert (result.ok, result.first_broken_seq) == (False, 3)
    assert "previous_hash" in (result.reason or "")


def test_entries_of_another_tenant_do_not_verify() -> None:
    result = verify_chain("other", build_chain(2, tenant="acme"))
    assert (result.ok, result.first_broken_seq) == (False, 1)
