"""Ledger tables: `ledger_entries` (the chain), `ledger_heads` (one writer per tenant),
`ledger_nodes` (the Merkle tree's perfect subtrees) and `ledger_checkpoints`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_libs.store import timestamp
from hotstack_libs.timeutil import utcnow

from .domain.merkle import frontier_root


class LedgerEntry(SQLModel, table=True):
    """One chained entry; `entry` holds the exact canonical bytes that were hashed."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        sa.UniqueConstraint("tenant_id", "previous_hash", name="uq_ledger_entries_link"),
    )

    tenant_id: str = Field(primary_key=True, max_length=64)
    seq: int = Field(primary_key=True, sa_type=sa.BigInteger)
    event_id: str = Field(unique=True, max_length=128)
    event_type: str = Field(max_length=255)
    entry: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))
    previous_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


class LedgerHead(SQLModel, table=True):
    """The tip of a tenant's chain and its Merkle tree; appends lock this row."""

    __tablename__ = "ledger_heads"

    tenant_id: str = Field(primary_key=True, max_length=64)
    size: int = Field(sa_type=sa.BigInteger)
    head_hash: str = Field(max_length=64)
    frontier: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False))
    root: str = Field(max_length=64)

    @property
    def frontier_hashes(self) -> list[bytes]:
        """The compact range: roots of the perfect subtrees, left to right."""
        return [bytes.fromhex(part) for part in self.frontier.split(",") if part]

    @frontier_hashes.setter
    def frontier_hashes(self, value: list[bytes]) -> None:
        self.frontier = ",".join(node.hex() for node in value)


LEVEL_SHIFT = 48  # a tree of up to 2**48 leaves


def node_position(level: int, index: int) -> int:
    """The one-integer key of subtree (level, index): `level * 2**48 + index`."""
    return level << LEVEL_SHIFT | index


def node_at(position: int) -> tuple[int, int]:
    """The (level, index) a `node_position` stands for."""
    return position >> LEVEL_SHIFT, position & ((1 << LEVEL_SHIFT) - 1)


class LedgerNode(SQLModel, table=True):
    """A perfect subtree of a tenant's tree (from merkle.STORED_FROM_LEVEL up; level 0 is
    the entries' hashes), written once when it completes, so proofs read O(log n) rows.
    One integer key per node
    (`node_position`), so that a proof's nodes are one IN list that every database answers
    from the primary key."""

    __tablename__ = "ledger_nodes"

    tenant_id: str = Field(primary_key=True, max_length=64)
    position: int = Field(primary_key=True, sa_type=sa.BigInteger)
    hash: bytes = Field(sa_column=sa.Column(sa.LargeBinary(32), nullable=False))


class LedgerCheckpoint(SQLModel, table=True):
    """A signed checkpoint of a tenant's tree, and the witness's cosignature lines on it."""

    __tablename__ = "ledger_checkpoints"

    tenant_id: str = Field(primary_key=True, max_length=64)
    size: int = Field(primary_key=True, sa_type=sa.BigInteger)
    root: str = Field(max_length=64)
    note: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    cosignatures: str = Field(
        default="", sa_column=sa.Column(sa.Text, nullable=False, server_default="")
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


# The tables themselves, for the append path's multi-row Core statements.
ENTRIES = SQLModel.metadata.tables["ledger_entries"]
HEADS = SQLModel.metadata.tables["ledger_heads"]

# A batch's entries go as one plain statement executed for every row by the driver: a
# Core insert of the table would run each row's values through SQLAlchemy's bind
# processing (the time formatted once a row on SQLite), which costs as much as the insert.
# The batch's one time is converted once instead (`write_appends`).
_INSERT_ENTRIES = sa.text(
    "INSERT INTO ledger_entries"
    " (tenant_id, seq, event_id, event_type, entry, previous_hash, hash, created_at)"
    " VALUES (:tenant_id, :seq, :event_id, :event_type, :entry, :previous_hash, :hash,"
    " :created_at)"
)
_INSERT_NODES = sa.text(
    "INSERT INTO ledger_nodes (tenant_id, position, hash) VALUES (:tenant_id, :position, :hash)"
)
_UPDATE_HEADS = sa.text(
    "UPDATE ledger_heads SET size = :size, head_hash = :head_hash, frontier = :frontier,"
    " root = :root WHERE tenant_id = :tenant"
)


async def lock_head(session: AsyncSession, tenant_id: str) -> LedgerHead | None:
    """The tenant's head, locked until commit (PostgreSQL row lock; SQLite is one writer)."""
    result = await session.exec(
        select(LedgerHead).where(LedgerHead.tenant_id == tenant_id).with_for_update()
    )
    return result.first()


async def entries(
    session: AsyncSession, tenant_id: str, *, after: int = 0, limit: int | None = None
) -> list[LedgerEntry]:
    """Entries of a tenant in `seq` order."""
    query = (
        select(LedgerEntry)
        .where(LedgerEntry.tenant_id == tenant_id, LedgerEntry.seq > after)
        .order_by(LedgerEntry.seq)  # type: ignore[arg-type]
    )
    if limit is not None:
        query = query.limit(limit)
    result = await session.exec(query)
    return list(result.all())


async def heads(session: AsyncSession) -> list[LedgerHead]:
    """Every tenant's head."""
    result = await session.exec(select(LedgerHead))
    return list(result.all())


async def head(session: AsyncSession, tenant_id: str) -> LedgerHead | None:
    """One tenant's head, unlocked."""
    return await session.get(LedgerHead, tenant_id)


async def latest_checkpoint(session: AsyncSession, tenant_id: str) -> LedgerCheckpoint | None:
    """The newest signed checkpoint of a tenant."""
    result = await session.exec(
        select(LedgerCheckpoint)
        .where(LedgerCheckpoint.tenant_id == tenant_id)
        .order_by(LedgerCheckpoint.size.desc())  # type: ignore[attr-defined]
        .limit(1)
    )
    return result.first()


async def checkpoints(session: AsyncSession, tenant_id: str) -> list[LedgerCheckpoint]:
    """Every signed checkpoint of a tenant, smallest first."""
    result = await session.exec(
        select(LedgerCheckpoint)
        .where(LedgerCheckpoint.tenant_id == tenant_id)
        .order_by(LedgerCheckpoint.size)  # type: ignore[arg-type]
    )
    return list(result.all())


async def last_cosigned_size(session: AsyncSession, tenant_id: str, below: int) -> int:
    """The largest checkpoint size up to `below` a witness co-signed (0: none)."""
    result = await session.exec(
        select(sa.func.max(LedgerCheckpoint.size)).where(
            LedgerCheckpoint.tenant_id == tenant_id,
            LedgerCheckpoint.size <= below,
            LedgerCheckpoint.cosignatures != "",
        )
    )
    return int(result.one() or 0)


async def latest_uncosigned(session: AsyncSession) -> list[LedgerCheckpoint]:
    """Each tenant's latest checkpoint, where no witness has co-signed it yet."""
    latest = (
        select(LedgerCheckpoint.tenant_id, sa.func.max(LedgerCheckpoint.size).label("size"))
        .group_by(LedgerCheckpoint.tenant_id)
        .subquery()
    )
    result = await session.exec(
        select(LedgerCheckpoint)
        .join(
            latest,
            sa.and_(
                col(LedgerCheckpoint.tenant_id) == latest.c.tenant_id,
                col(LedgerCheckpoint.size) == latest.c.size,
            ),
        )
        .where(LedgerCheckpoint.cosignatures == "")
    )
    return list(result.all())


async def all_nodes(session: AsyncSession, tenant_id: str) -> dict[tuple[int, int], bytes]:
    """Every stored subtree of a tenant, by (level, index)."""
    result = await session.exec(
        select(LedgerNode.position, LedgerNode.hash).where(LedgerNode.tenant_id == tenant_id)
    )
    return {node_at(position): bytes(value) for position, value in result.all()}


async def leaf_hashes(session: AsyncSession, tenant_id: str, size: int) -> list[bytes]:
    """The first `size` leaf hashes of a tenant's tree."""
    result = await session.exec(
        select(LedgerEntry.hash)
        .where(LedgerEntry.tenant_id == tenant_id, LedgerEntry.seq <= size)
        .order_by(LedgerEntry.seq)  # type: ignore[arg-type]
    )
    return [bytes.fromhex(value) for value in result.all()]


async def tree_nodes(
    session: AsyncSession, tenant_id: str, wanted: set[tuple[int, int]]
) -> dict[tuple[int, int], bytes]:
    """The hashes of these (level, index) subtrees: leaves from the entries, the rest stored."""
    leaves = sorted(index for level, index in wanted if level == 0)
    inner = [(level, index) for level, index in wanted if level > 0]
    found: dict[tuple[int, int], bytes] = {}
    if leaves:
        rows = await session.exec(
            select(LedgerEntry.seq, LedgerEntry.hash).where(
                LedgerEntry.tenant_id == tenant_id,
                LedgerEntry.seq.in_([index + 1 for index in leaves]),  # type: ignore[attr-defined]
            )
        )
        found.update({(0, seq - 1): bytes.fromhex(value) for seq, value in rows.all()})
    if inner:
        positions = {node_position(level, index): (level, index) for level, index in inner}
        nodes = await session.exec(
            select(LedgerNode.position, LedgerNode.hash).where(
                LedgerNode.tenant_id == tenant_id,
                LedgerNode.position.in_(sorted(positions)),  # type: ignore[attr-defined]
            )
        )
        found.update({positions[position]: bytes(value) for position, value in nodes.all()})
    missing = wanted - found.keys()
    if missing:
        raise LookupError(f"tree of {tenant_id} lacks subtrees {sorted(missing)[:4]}")
    return found


async def existing_event_ids(session: AsyncSession, event_ids: list[str]) -> set[str]:
    """Which of these events are already chained."""
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        # One array parameter: one prepared statement whatever the batch size, planned once.
        ids = sa.bindparam("ids", event_ids, type_=postgresql.ARRAY(sa.String))
        matching = ENTRIES.c.event_id == sa.any_(ids)
    else:
        matching = ENTRIES.c.event_id.in_(event_ids)
    result = await connection.execute(sa.select(ENTRIES.c.event_id).where(matching))
    return set(result.scalars())


@dataclass(frozen=True)
class Head:
    """A tenant's chain tip and tree frontier, as an append reads and writes it."""

    size: int
    head_hash: str
    frontier: list[bytes]
    stored: bool = True  # False before a tenant's first append: its row is inserted


async def lock_heads(session: AsyncSession, tenants: list[str]) -> dict[str, Head]:
    """These tenants' heads, locked until commit in tenant order (one lock order across
    replicas: no deadlocks; SQLite has one writer anyway); a tenant without one is absent."""
    connection = await session.connection()
    result = await connection.execute(
        sa.select(HEADS.c.tenant_id, HEADS.c.size, HEADS.c.head_hash, HEADS.c.frontier)
        .where(HEADS.c.tenant_id.in_(tenants))
        .order_by(HEADS.c.tenant_id)
        .with_for_update()
    )
    return {
        tenant: Head(size, head_hash, [bytes.fromhex(part) for part in frontier.split(",") if part])
        for tenant, size, head_hash, frontier in result
    }


async def write_appends(
    session: AsyncSession,
    entries: list[dict[str, Any]],
    nodes: list[dict[str, Any]],
    heads: dict[str, Head],
) -> None:
    """One batch of appends: its entries (their times converted for the driver in place),
    the subtrees they completed and each tenant's new head (`heads`), one multi-row
    statement per table and kind.
    A tenant's first head is inserted: a racing replica's insert of the same entries fails
    on the primary keys, its transaction rolls back and its batch is retried."""
    connection = await session.connection()
    if entries:
        convert = ENTRIES.c.created_at.type.bind_processor(connection.dialect)
        if convert is not None:
            converted: dict[datetime, Any] = {}  # a batch shares one time
            for row in entries:
                at = row["created_at"]
                if at not in converted:
                    converted[at] = convert(at)
                row["created_at"] = converted[at]
        await connection.execute(_INSERT_ENTRIES, entries)
    if nodes:
        await connection.execute(_INSERT_NODES, nodes)
    inserted: list[dict[str, Any]] = []
    updated: list[dict[str, Any]] = []
    for tenant, head in heads.items():
        (updated if head.stored else inserted).append(
            {
                "tenant": tenant,
                "size": head.size,
                "head_hash": head.head_hash,
                "frontier": ",".join(node.hex() for node in head.frontier),
                "root": frontier_root(head.frontier).hex(),
            }
        )
    if inserted:
        await connection.execute(HEADS.insert().values(tenant_id=sa.bindparam("tenant")), inserted)
    if updated:
        await connection.execute(_UPDATE_HEADS, updated)
