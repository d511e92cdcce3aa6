"""Ledger tables: `ledger_entries` (the chain) and `ledger_heads` (one writer per tenant)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_libs.timeutil import utcnow


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
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False)
    )


class LedgerHead(SQLModel, table=True):
    """The tip of a tenant's chain; appends lock this row."""

    __tablename__ = "ledger_heads"

    tenant_id: str = Field(primary_key=True, max_length=64)
    size: int = Field(sa_type=sa.BigInteger)
    head_hash: str = Field(max_length=64)


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
