"""Token-bucket rate limits kept in a service's own store, so that every replica shares
them: a bucket row per key refills continuously and is spent one token per request."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_libs.timeutil import as_utc, utcnow


@dataclass(frozen=True)
class Rate:
    """`per_minute` requests on average, up to `burst` at once."""

    per_minute: float
    burst: int

    @property
    def per_second(self) -> float:
        return self.per_minute / 60.0


class RateLimitedError(Exception):
    """Too many requests; `retry_after` is in whole seconds."""

    def __init__(self, what: str, retry_after: int) -> None:
        super().__init__(f"too many {what}: try again in {retry_after} s")
        self.retry_after = retry_after


def spend(tokens: float, elapsed_seconds: float, rate: Rate) -> tuple[float, int | None]:
    """Refill for `elapsed_seconds`, then take one token.

    Returns the tokens left and None, or the unchanged (refilled) tokens and the whole
    seconds to wait before one token is available (for `Retry-After`).
    """
    refilled = min(float(rate.burst), tokens + max(0.0, elapsed_seconds) * rate.per_second)
    if refilled >= 1.0:
        return refilled - 1.0, None
    return refilled, max(1, math.ceil((1.0 - refilled) / rate.per_second))


async def take_token(
    session: AsyncSession,
    table: type[SQLModel],
    key_column: str,
    key: str,
    rate: Rate,
    what: str = "requests",
) -> None:
    """Spend one token of `key`'s bucket in `table` (columns `key_column`, `tokens`,
    `updated_at`), or raise RateLimitedError. The bucket row stays locked until the
    caller's transaction ends, so concurrent requests queue instead of both spending."""
    now = utcnow()
    dialect = session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    await session.exec(
        insert.values(
            {key_column: key, "tokens": float(rate.burst), "updated_at": now}
        ).on_conflict_do_nothing(index_elements=[key_column])
    )
    column: Any = getattr(table, key_column)
    bucket: Any = (await session.exec(select(table).where(column == key).with_for_update())).one()
    elapsed = (now - as_utc(bucket.updated_at)).total_seconds()
    tokens, wait = spend(bucket.tokens, elapsed, rate)
    if wait is not None:
        raise RateLimitedError(what, wait)
    await session.exec(sa.update(table).where(column == key).values(tokens=tokens, updated_at=now))
