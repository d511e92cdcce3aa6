"""The per-tenant upload rate limit, kept in the store so that every replica shares it."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import select

from hotstack_libs.bus import TransactionFactory
from hotstack_libs.timeutil import as_utc, utcnow

from .domain.ratelimit import Rate, spend
from .store import RateBucket


class RateLimitedError(Exception):
    """Too many uploads; `retry_after` is in whole seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many uploads: try again in {retry_after} s")
        self.retry_after = retry_after


async def take_upload_token(transactions: TransactionFactory, tenant: str, rate: Rate) -> None:
    """Spend one of the tenant's upload tokens, or raise RateLimitedError."""
    now = utcnow()
    async with transactions() as tx:
        session = tx.session
        dialect = session.get_bind().dialect.name
        insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(RateBucket)
        await session.exec(
            insert.values(
                tenant_id=tenant, tokens=float(rate.burst), updated_at=now
            ).on_conflict_do_nothing(index_elements=["tenant_id"])
        )
        bucket = (
            await session.exec(
                select(RateBucket).where(RateBucket.tenant_id == tenant).with_for_update()
            )
        ).one()
        elapsed = (now - as_utc(bucket.updated_at)).total_seconds()
        tokens, wait = spend(bucket.tokens, elapsed, rate)
        if wait is not None:
            raise RateLimitedError(wait)
        await session.exec(
            sa.update(RateBucket)
            .where(RateBucket.tenant_id == tenant)  # type: ignore[arg-type]
            .values(tokens=tokens, updated_at=now)
        )
