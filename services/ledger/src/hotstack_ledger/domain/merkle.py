"""RFC 6962 / RFC 9162 Merkle trees: root, proofs, proof verification, compact frontier."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()


class ProofError(ValueError):
    """A proof does not verify, or was asked for with impossible sizes."""


def node_hash(left: bytes, right: bytes) -> bytes:
    """Interior node: SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """MTH of the leaf hashes; the empty tree's root is SHA-256 of nothing."""
    if not leaves:
        return EMPTY_ROOT
    level = list(leaves)
    # Pairing left to right and promoting an odd last node equals the split definition.
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """PATH(index, D[n]) of RFC 6962 §2.1.1."""
    n = len(leaves)
    if not 0 <= index < n:
        raise ProofError(f"leaf {index} is not in a tree of size {n}")
    if n == 1:
        return []
    k = _split(n)
    if index < k:
        return [*inclusion_proof(leaves[:k], index), merkle_root(leaves[k:])]
    return [*inclusion_proof(leaves[k:], index - k), merkle_root(leaves[:k])]


def consistency_proof(leaves: Sequence[bytes], first: int) -> list[bytes]:
    """PROOF(first, D[n]) of RFC 6962 §2.1.2."""
    n = len(leaves)
    if not 0 <= first <= n:
        raise ProofError(f"cannot prove size {first} against size {n}")
    if first in (0, n):
        return []
    return _subproof(leaves, first, complete=True)


def _subproof(leaves: Sequence[bytes], m: int, *, complete: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if complete else [merkle_root(leaves)]
    k = _split(n)
    if m <= k:
        return [*_subproof(leaves[:k], m, complete=complete), merkle_root(leaves[k:])]
    return [*_subproof(leaves[k:], m - k, complete=False), merkle_root(leaves[:k])]


HASH_SIZE = 32


def _check_hashes(*hashes: bytes) -> None:
    if any(len(value) != HASH_SIZE for value in hashes):
        raise ProofError(f"hashes must be {HASH_SIZE} bytes")


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """RFC 9162 §2.1.3.2; raise ProofError unless `leaf` is at `index` in the tree `root`."""
    _check_hashes(leaf, root, *proof)
    if index < 0 or index >= size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ProofError("proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("proof is shorter than the tree is deep")
    if r != root:
        raise ProofError("computed root does not match")


def verify_consistency(
    first: int, second: int, proof: Sequence[bytes], first_root: bytes, second_root: bytes
) -> None:
    """RFC 9162 §2.1.4.2; raise ProofError unless tree `second` extends tree `first`."""
    if first < 1:
        raise ProofError("a proof from the empty tree proves nothing")
    if second < first:
        raise ProofError(f"size {first} cannot precede size {second}")
    if first == second:
        if proof:
            raise ProofError("equal sizes need an empty proof")
        if first_root != second_root:
            raise ProofError("equal sizes with different roots")
        return
    _check_hashes(first_root, second_root, *proof)
    if not proof:
        raise ProofError("empty proof")
    path = list(proof)
    if first & (first - 1) == 0:  # exact power of two: the first root is a node of the path
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("proof is longer than needed")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("proof is shorter than needed")
    if fr != first_root:
        raise ProofError("proof does not lead to the first root")
    if sr != second_root:
        raise ProofError("proof does not lead to the second root")


def frontier_append(frontier: list[bytes], size: int, leaf: bytes) -> list[bytes]:
    """Append a leaf to a compact range: the roots of the perfect subtrees, left to right."""
    stack = [*frontier, leaf]
    n = size
    while n & 1:  # each trailing one bit of the old size merges two equal subtrees
        right = stack.pop()
        left = stack.pop()
        stack.append(node_hash(left, right))
        n >>= 1
    return stack


def frontier_root(frontier: Sequence[bytes]) -> bytes:
    """Root of the tree a compact range describes (fold right to left)."""
    if not frontier:
        return EMPTY_ROOT
    root = frontier[-1]
    for node in reversed(frontier[:-1]):
        root = node_hash(node, root)
    return root
