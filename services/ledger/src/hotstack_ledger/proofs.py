"""Roots and proofs of a tenant's tree, read from its stored subtrees: O(log n) rows each."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from . import store
from .domain.merkle import (
    Node,
    consistency_ranges,
    fold_unstored,
    inclusion_ranges,
    nodes_needed,
    nodes_to_read,
    range_hash,
)


@dataclass(frozen=True)
class Inclusion:
    """PATH(index, D[size]) with the leaf and the root it leads to."""

    leaf: bytes
    root: bytes
    proof: list[bytes]


@dataclass(frozen=True)
class Consistency:
    """PROOF(first, D[second]) with both roots."""

    first_root: bytes
    second_root: bytes
    proof: list[bytes]


async def _tree_nodes(session: AsyncSession, tenant: str, wanted: set[Node]) -> dict[Node, bytes]:
    read = await store.tree_nodes(session, tenant, nodes_to_read(wanted))
    return fold_unstored(wanted, read)


async def prove_inclusion(session: AsyncSession, tenant: str, index: int, size: int) -> Inclusion:
    """Inclusion of leaf `index` (0-based) in the tree of the first `size` entries."""
    ranges = inclusion_ranges(index, size)
    wanted = nodes_needed([*ranges, (0, size), (index, index + 1)])
    nodes = await _tree_nodes(session, tenant, wanted)
    return Inclusion(
        leaf=nodes[(0, index)],
        root=range_hash(0, size, nodes),
        proof=[range_hash(start, end, nodes) for start, end in ranges],
    )


async def prove_consistency(
    session: AsyncSession, tenant: str, first: int, second: int
) -> Consistency:
    """Consistency of the tree of `first` entries with the tree of `second`."""
    ranges = consistency_ranges(first, second)
    nodes = await _tree_nodes(session, tenant, nodes_needed([*ranges, (0, first), (0, second)]))
    return Consistency(
        first_root=range_hash(0, first, nodes),
        second_root=range_hash(0, second, nodes),
        proof=[range_hash(start, end, nodes) for start, end in ranges],
    )
