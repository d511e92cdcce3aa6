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


def frontier_root(frontier: Sequence[bytes]) -> bytes:
    """Root of the tree a compact range describes (fold right to left)."""
    if not frontier:
        return EMPTY_ROOT
    root = frontier[-1]
    for node in reversed(frontier[:-1]):
        root = node_hash(node, root)
    return root


# Proofs from stored subtrees. A tree of n leaves is kept as its perfect subtrees: node
# (level, index) covers leaves [index * 2**level, (index + 1) * 2**level), and level 0 is
# the leaves themselves. Each is stored once, when it completes, and never changes; so a
# proof or root needs O(log n) of them instead of every leaf. Only the levels from
# STORED_FROM_LEVEL up are stored; a lower node is folded from its few leaves when a proof
# needs it (the trade transparency logs make with tiles: fewer rows, a few more reads).

Node = tuple[int, int]  # (level, index)
STORED_FROM_LEVEL = 3  # one row per 4 leaves in all; a lower node has at most 4 leaves


def frontier_append(
    frontier: list[bytes], size: int, leaf: bytes
) -> tuple[list[bytes], list[tuple[int, int, bytes]]]:
    """Append a leaf to a compact range (the roots of the perfect subtrees, left to right);
    also return the perfect subtrees (level, index, hash) of level >= 1 it completed."""
    stack = list(frontier)
    return stack, frontier_push(stack, size, leaf)


def frontier_push(stack: list[bytes], size: int, leaf: bytes) -> list[tuple[int, int, bytes]]:
    """`frontier_append` in place: `stack`, the compact range of a tree of `size` leaves,
    becomes that of `size + 1`."""
    stack.append(leaf)
    completed: list[tuple[int, int, bytes]] = []
    n, level = size, 0
    while n & 1:  # each trailing one bit of the old size merges two equal subtrees
        right = stack.pop()
        stack[-1] = node_hash(stack[-1], right)
        n >>= 1
        level += 1
        completed.append((level, size >> level, stack[-1]))
    return completed


def perfect_cover(start: int, end: int) -> list[Node]:
    """The perfect subtrees that make up leaves [start, end), left to right, largest first.

    For the ranges RFC 6962's recursion produces (`start` a multiple of a power of two at
    least `end - start`), folding their hashes right to left gives MTH(D[start:end]).
    """
    cover: list[Node] = []
    while start < end:
        level = (end - start).bit_length() - 1
        if start:
            level = min(level, (start & -start).bit_length() - 1)
        cover.append((level, start >> level))
        start += 1 << level
    return cover


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose hashes form PATH(index, D[size]), in proof order."""
    if not 0 <= index < size:
        raise ProofError(f"leaf {index} is not in a tree of size {size}")
    ranges: list[tuple[int, int]] = []
    start, end = 0, size
    while end - start > 1:
        middle = start + _split(end - start)
        if index < middle:
            ranges.append((middle, end))
            end = middle
        else:
            ranges.append((start, middle))
            start = middle
    return ranges[::-1]


def consistency_ranges(first: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose hashes form PROOF(first, D[size]), in proof order."""
    if not 0 <= first <= size:
        raise ProofError(f"cannot prove size {first} against size {size}")
    if first in (0, size):
        return []
    ranges: list[tuple[int, int]] = []
    start, end, m, complete = 0, size, first, True
    while m != end - start:
        k = _split(end - start)
        middle = start + k
        if m <= k:
            ranges.append((middle, end))
            end = middle
        else:
            ranges.append((start, middle))
            start, m, complete = middle, m - k, False
    if not complete:
        ranges.append((start, end))
    return ranges[::-1]


def nodes_needed(ranges: Sequence[tuple[int, int]]) -> set[Node]:
    """Every subtree (level, index) the hashes of these ranges are folded from."""
    return {node for start, end in ranges for node in perfect_cover(start, end)}


def range_hash(start: int, end: int, nodes: dict[Node, bytes]) -> bytes:
    """MTH(D[start:end]) from the subtrees covering it."""
    if start == end:
        return EMPTY_ROOT
    return frontier_root([nodes[node] for node in perfect_cover(start, end)])


def _leaves_of(level: int, index: int) -> range:
    return range(index << level, (index + 1) << level)


def nodes_to_read(wanted: set[Node], lowest: int = STORED_FROM_LEVEL) -> set[Node]:
    """What to read for `wanted` when only the leaves and levels >= `lowest` are stored."""
    read: set[Node] = set()
    for level, index in wanted:
        if level == 0 or level >= lowest:
            read.add((level, index))
        else:
            read.update((0, leaf) for leaf in _leaves_of(level, index))
    return read


def fold_unstored(wanted: set[Node], read: dict[Node, bytes]) -> dict[Node, bytes]:
    """`read`, plus each wanted node that was not stored, folded from its leaves."""
    nodes = dict(read)
    for level, index in wanted - read.keys():
        nodes[(level, index)] = merkle_root([read[(0, leaf)] for leaf in _leaves_of(level, index)])
    return nodes
