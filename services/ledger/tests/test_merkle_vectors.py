"""The proof verifier against the RFC 9162 test vectors, and our proofs against it."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest

from hotstack_ledger.domain.merkle import (
    STORED_FROM_LEVEL,
    ProofError,
    consistency_proof,
    consistency_ranges,
    fold_unstored,
    frontier_append,
    frontier_root,
    inclusion_proof,
    inclusion_ranges,
    merkle_root,
    nodes_needed,
    nodes_to_read,
    range_hash,
    verify_consistency,
    verify_inclusion,
)

pytestmark = pytest.mark.unit

# The transparency-dev RFC 9162 test vectors (Apache-2.0, see vectors/LICENSE-rfc9162-vectors),
# inclusion and consistency, happy and unhappy paths, gathered into one file.
VECTORS = json.loads((Path(__file__).parent / "vectors" / "rfc9162.json").read_text())


def _load(kind: str) -> list[tuple[str, dict[str, object]]]:
    return [(name, case) for name, case in VECTORS.items() if name.startswith(kind + "/")]


def _b64(value: object) -> bytes:
    return base64.b64decode(str(value)) if value else b""


def _proof(case: dict[str, object]) -> list[bytes]:
    return [_b64(p) for p in case.get("proof") or []]  # type: ignore[attr-defined]


INCLUSION = _load("inclusion")
CONSISTENCY = _load("consistency")


def test_the_vectors_are_present() -> None:
    assert len(INCLUSION) > 50
    assert len(CONSISTENCY) > 50
    assert any(case["wantErr"] for _, case in INCLUSION)
    assert any(not case["wantErr"] for _, case in CONSISTENCY)


@pytest.mark.parametrize(("name", "case"), INCLUSION, ids=[n for n, _ in INCLUSION])
def test_inclusion_vector(name: str, case: dict[str, object]) -> None:
    def check() -> None:
        verify_inclusion(
            int(case["leafIdx"]),  # type: ignore[call-overload]
            int(case["treeSize"]),  # type: ignore[call-overload]
            _b64(case["leafHash"]),
            _proof(case),
            _b64(case["root"]),
        )

    if case["wantErr"]:
        with pytest.raises(ProofError):
            check()
    else:
        check()


@pytest.mark.parametrize(("name", "case"), CONSISTENCY, ids=[n for n, _ in CONSISTENCY])
def test_consistency_vector(name: str, case: dict[str, object]) -> None:
    def check() -> None:
        verify_consistency(
            int(case["size1"]),  # type: ignore[call-overload]
            int(case["size2"]),  # type: ignore[call-overload]
            _proof(case),
            _b64(case["root1"]),
            _b64(case["root2"]),
        )

    if case["wantErr"]:
        with pytest.raises(ProofError):
            check()
    else:
        check()


def leaves(n: int) -> list[bytes]:
    return [hashlib.sha256(b"\x00" + bytes([i % 256, i // 256])).digest() for i in range(n)]


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 7, 8, 9, 16, 31, 33])
def test_our_inclusion_proofs_verify_for_every_leaf(size: int) -> None:
    tree = leaves(size)
    root = merkle_root(tree)
    for index in range(size):
        verify_inclusion(index, size, tree[index], inclusion_proof(tree, index), root)
    with pytest.raises(ProofError):
        verify_inclusion(
            0, size, tree[-1] if size > 1 else b"x" * 32, inclusion_proof(tree, 0), root
        )


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 13, 32, 37])
def test_our_consistency_proofs_verify_for_every_earlier_size(size: int) -> None:
    tree = leaves(size)
    for first in range(1, size + 1):
        verify_consistency(
            first,
            size,
            consistency_proof(tree, first),
            merkle_root(tree[:first]),
            merkle_root(tree),
        )


def test_a_rewritten_history_is_not_consistent() -> None:
    tree = leaves(10)
    forked = [*tree[:3], hashlib.sha256(b"forged").digest(), *tree[4:]]
    with pytest.raises(ProofError):
        verify_consistency(
            5, 10, consistency_proof(forked, 5), merkle_root(tree[:5]), merkle_root(forked)
        )


def test_frontier_tracks_the_root_incrementally() -> None:
    tree = leaves(70)
    frontier: list[bytes] = []
    for size, leaf in enumerate(tree):
        frontier, _ = frontier_append(frontier, size, leaf)
        assert frontier_root(frontier) == merkle_root(tree[: size + 1])
        assert len(frontier) == bin(size + 1).count("1")


def stored_nodes(tree: list[bytes], lowest: int) -> dict[tuple[int, int], bytes]:
    """The leaves, and every perfect subtree from level `lowest` up, as appending gives them."""
    nodes = {(0, index): leaf for index, leaf in enumerate(tree)}
    frontier: list[bytes] = []
    for size, leaf in enumerate(tree):
        frontier, completed = frontier_append(frontier, size, leaf)
        nodes.update({(lvl, index): value for lvl, index, value in completed if lvl >= lowest})
    return nodes


def test_appending_completes_each_perfect_subtree_once() -> None:
    tree = leaves(37)
    nodes = stored_nodes(tree, lowest=1)
    assert len(nodes) == 37 + 18 + 9 + 4 + 2 + 1  # floor(37 / 2**level) per level
    for (level, index), value in nodes.items():
        assert value == merkle_root(tree[index << level : (index + 1) << level])
    assert len(stored_nodes(tree, STORED_FROM_LEVEL)) == 37 + 4 + 2 + 1  # levels 3 to 5


@pytest.mark.parametrize("lowest", [1, STORED_FROM_LEVEL])
@pytest.mark.parametrize("size", range(1, 70))
def test_proofs_from_stored_subtrees_equal_proofs_from_every_leaf(size: int, lowest: int) -> None:
    tree = leaves(size)
    stored = stored_nodes(tree, lowest)

    def nodes_for(ranges: list[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
        wanted = nodes_needed(ranges)
        read = nodes_to_read(wanted, lowest)
        assert read <= stored.keys()
        assert len(read) <= 2 * size.bit_length() + 2 * (2**lowest - 2)
        return fold_unstored(wanted, {node: stored[node] for node in read})

    for index in range(size):
        ranges = inclusion_ranges(index, size)
        nodes = nodes_for(ranges)
        assert [range_hash(s, e, nodes) for s, e in ranges] == inclusion_proof(tree, index)
    for first in range(0, size + 1):
        ranges = consistency_ranges(first, size)
        nodes = nodes_for([*ranges, (0, first)])
        assert [range_hash(s, e, nodes) for s, e in ranges] == consistency_proof(tree, first)
        assert range_hash(0, first, nodes) == merkle_root(tree[:first])


def test_impossible_ranges_are_refused() -> None:
    with pytest.raises(ProofError):
        inclusion_ranges(5, 5)
    with pytest.raises(ProofError):
        consistency_ranges(6, 5)
