"""The per-tenant upload rate limit, kept in the store so that every replica shares it."""

from __future__ import annotations

from hotstack_libs.bus import TransactionFactory
from hotstack_libs.http.problems import too_many_requests
from hotstack_libs.store.ratelimit import Rate, RateLimitedError, take_token

from .store import RateBucket


async def take_upload_token(transactions: TransactionFactory, tenant: str, rate: Rate) -> None:
    """Spend one of the tenant's upload tokens (uploads and revisions), or refuse: 429 with
    Retry-After."""
    try:
        async with transactions() as tx:
            await take_token(tx.session, RateBucket, "tenant_id", tenant, rate, what="uploads")
    except RateLimitedError as error:
        raise too_many_requests(error) from error
