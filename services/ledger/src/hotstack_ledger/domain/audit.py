"""Everything a ledger store keeps beside the entries, checked against the entries: the tree
head, the stored subtrees and the signed checkpoints. A column that is not inside an entry's
hashed bytes is trusted only once it is recomputed from them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .chain import GENESIS_HASH, Verification
from .merkle import STORED_FROM_LEVEL, Node, frontier_append, frontier_root
from .notes import Checkpoint, NoteError, Verifier


@dataclass(frozen=True)
class StoredHead:
    """A tenant's tree head as stored."""

    size: int
    head_hash: str
    frontier: list[bytes]
    root: str


@dataclass(frozen=True)
class StoredCheckpoint:
    """A signed checkpoint as stored: its columns and its note."""

    size: int
    root: str
    note: str
    cosignatures: str = ""


def audit_tree(
    chain: Verification,
    leaves: Sequence[bytes],
    head: StoredHead | None,
    nodes: dict[Node, bytes],
    checkpoints: Sequence[StoredCheckpoint],
    verifier: Verifier,
    origin: str,
    witness: Verifier | None = None,
) -> Verification:
    """`chain` (the entries verified from their bytes, with these leaf hashes) unless the
    head, a stored subtree or a checkpoint disagrees with them; then the first that does."""
    if not chain.ok:
        return chain

    def broken(seq: int | None, reason: str) -> Verification:
        return replace(chain, ok=False, first_broken_seq=seq, reason=reason)

    frontier: list[bytes] = []
    expected: dict[Node, bytes] = {}
    sizes = {checkpoint.size for checkpoint in checkpoints}
    roots = {}
    for size, leaf in enumerate(leaves):
        frontier, completed = frontier_append(frontier, size, leaf)
        expected.update(
            ((level, index), value)
            for level, index, value in completed
            if level >= STORED_FROM_LEVEL
        )
        if size + 1 in sizes:
            roots[size + 1] = frontier_root(frontier)
    count = len(leaves)
    last = leaves[-1].hex() if leaves else GENESIS_HASH
    if head is None:
        if count:
            return broken(1, "entries are stored without a tree head")
    elif (head.size, head.root, head.head_hash, head.frontier) != (
        count,
        chain.root,
        last,
        frontier,
    ):
        return broken(min(head.size, count) + 1, "the stored tree head does not match the entries")
    wrong = {
        node for node in nodes.keys() | expected.keys() if nodes.get(node) != expected.get(node)
    }
    if wrong:
        level, index = min(wrong, key=lambda node: (node[1] << node[0], -node[0]))
        return broken(
            (index << level) + 1,
            f"stored subtree {level}/{index} does not match the entries",
        )
    for stored in checkpoints:
        try:
            signed = Checkpoint.parse(verifier.open(stored.note))
        except NoteError as error:
            return broken(None, f"checkpoint {stored.size} does not open: {error}")
        if (signed.origin, signed.size, signed.root.hex()) != (origin, stored.size, stored.root):
            return broken(None, f"checkpoint {stored.size}: its columns differ from its note")
        if stored.size > count:
            return broken(count + 1, f"checkpoint {stored.size} covers entries no longer stored")
        if roots[stored.size] != signed.root:
            return broken(None, f"entries no longer match checkpoint {stored.size}")
        if stored.cosignatures and witness is not None:
            try:
                witness.cosigned_at(stored.note + stored.cosignatures)
            except NoteError as error:
                return broken(None, f"checkpoint {stored.size}: cosignature {error}")
    return chain
