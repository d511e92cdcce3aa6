"""The per-tenant upload rate limit, kept in the store so that every replica shares it."""

from __future__ import annotations

from hotstack_libs.bus import TransactionFactory
from hotstack_libs.store.ratelimit import Rate, take_token

from .store import RateBucket


async def take_upload_token(transactions: TransactionFactory, tenant: str, rate: Rate) -> None:
    """Spend one of the tenant's upload tokens, or raise RateLimitedError."""
    async with transactions() as tx:
        await take_token(tx.session, RateBucket, "tenant_id", tenant, rate, what="uploads")
