"""Payment tables: `payments`, `payment_transitions`, `idempotency_keys`."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_libs.store import timestamp
from hotstack_libs.timeutil import utcnow


class Payment(SQLModel, table=True):
    """One payment per completed build (a revision's open payment moves to the new build);
    amounts are integer grains."""

    __tablename__ = "payments"

    id: str = Field(primary_key=True, max_length=64)
    tenant_id: str = Field(index=True, max_length=64)
    build_id: str = Field(unique=True, max_length=64)
    upload_id: str = Field(max_length=64)
    site_name: str = Field(max_length=200)
    page_count: int = Field(default=1)  # of the build it pays for
    amount_grains: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    care_loop_grains: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    total_grains: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    currency: str = Field(default="usd", max_length=3)
    status: str = Field(max_length=32)
    checkout_url: str = Field(max_length=1024)
    preview_url: str | None = Field(default=None, max_length=1024)
    provider: str = Field(default="sandbox", max_length=32)
    provider_reference: str | None = Field(default=None, max_length=64)
    failure_code: str | None = Field(default=None, max_length=64)
    failure_message: str | None = Field(default=None, max_length=500)
    expires_at: datetime = Field(sa_column=timestamp())
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


class PaymentTransition(SQLModel, table=True):
    """Every status change with its cause."""

    __tablename__ = "payment_transitions"

    id: int | None = Field(default=None, primary_key=True)
    payment_id: str = Field(foreign_key="payments.id", index=True, max_length=64)
    from_status: str | None = Field(default=None, max_length=32)
    to_status: str = Field(max_length=32)
    cause: str = Field(max_length=200)
    at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


class IdempotencyKey(SQLModel, table=True):
    """A confirm request seen before, and the answer it got."""

    __tablename__ = "idempotency_keys"

    tenant_id: str = Field(primary_key=True, max_length=64)
    key: str = Field(primary_key=True, max_length=255)
    payment_id: str = Field(max_length=64)
    request_hash: str = Field(max_length=64)
    response_status: int
    response_body: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


async def payments_of_upload(session: AsyncSession, upload_id: str) -> list[Payment]:
    """An upload's payments, oldest first (one per build: the first, then revisions')."""
    result = await session.exec(
        select(Payment).where(Payment.upload_id == upload_id).order_by(Payment.created_at)  # type: ignore[arg-type]
    )
    return list(result.all())


async def keys_in_progress(session: AsyncSession, payment_id: str) -> list[IdempotencyKey]:
    """The idempotency keys of a payment whose confirm has not answered yet."""
    result = await session.exec(
        select(IdempotencyKey).where(
            IdempotencyKey.payment_id == payment_id, IdempotencyKey.response_status == 0
        )
    )
    return list(result.all())


async def lock_payment(session: AsyncSession, payment_id: str) -> Payment | None:
    """The payment, locked for this transaction (row lock on PostgreSQL; SQLite holds the db)."""
    result = await session.exec(select(Payment).where(Payment.id == payment_id).with_for_update())
    return result.first()


async def find_key(session: AsyncSession, tenant: str, key: str) -> IdempotencyKey | None:
    """A stored idempotency key."""
    return await session.get(IdempotencyKey, (tenant, key))


async def transitions_of(session: AsyncSession, payment_id: str) -> list[PaymentTransition]:
    """A payment's history in order."""
    result = await session.exec(
        select(PaymentTransition)
        .where(PaymentTransition.payment_id == payment_id)
        .order_by(PaymentTransition.id)  # type: ignore[arg-type]
    )
    return list(result.all())


async def lock_expired(session: AsyncSession, now: datetime, limit: int) -> list[Payment]:
    """Unpaid payments past their expiry, locked (others' locked rows are skipped)."""
    query = (
        select(Payment)
        .where(Payment.status == "requires_payment_method", Payment.expires_at <= now)
        .order_by(Payment.expires_at)  # type: ignore[arg-type]
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    result = await session.exec(query)
    return list(result.all())


async def lock_stale_processing(
    session: AsyncSession, provider: str, before: datetime, limit: int
) -> list[Payment]:
    """Payments processing at `provider` since before `before`, locked (others' skipped)."""
    query = (
        select(Payment)
        .where(
            Payment.status == "processing",
            Payment.provider == provider,
            Payment.updated_at <= before,
        )
        .order_by(Payment.updated_at)  # type: ignore[arg-type]
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    result = await session.exec(query)
    return list(result.all())


class JournalTransaction(SQLModel, table=True):
    """One money movement; its postings balance. Rows are only ever inserted."""

    __tablename__ = "journal_transactions"

    id: str = Field(primary_key=True, max_length=64)
    tenant_id: str = Field(index=True, max_length=64)
    payment_id: str = Field(foreign_key="payments.id", index=True, max_length=64)
    kind: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


class PostingRow(SQLModel, table=True):
    """A debit or a credit of one account, in grains."""

    __tablename__ = "postings"

    id: int | None = Field(default=None, primary_key=True)
    transaction_id: str = Field(foreign_key="journal_transactions.id", index=True, max_length=64)
    tenant_id: str = Field(index=True, max_length=64)
    account: str = Field(max_length=32)
    debit_grains: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False))
    credit_grains: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False))


class ProviderEvent(SQLModel, table=True):
    """A provider webhook already applied; a replay finds it here."""

    __tablename__ = "provider_events"

    provider: str = Field(primary_key=True, max_length=32)
    event_id: str = Field(primary_key=True, max_length=128)
    received_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


async def postings_of(session: AsyncSession, payment_id: str) -> list[PostingRow]:
    """A payment's postings in order."""
    result = await session.exec(
        select(PostingRow)
        .join(JournalTransaction, JournalTransaction.id == PostingRow.transaction_id)  # type: ignore[arg-type]
        .where(JournalTransaction.payment_id == payment_id)
        .order_by(PostingRow.id)  # type: ignore[arg-type]
    )
    return list(result.all())


async def tenant_balances(session: AsyncSession, tenant: str) -> dict[str, int]:
    """Debit-positive balance per account, summed from the journal."""
    result = await session.exec(
        select(
            PostingRow.account,
            sa.func.sum(PostingRow.debit_grains - PostingRow.credit_grains),
        )
        .where(PostingRow.tenant_id == tenant)
        .group_by(PostingRow.account)
    )
    return {account: int(total) for account, total in result.all()}


async def purge_idempotency_keys(session: AsyncSession, older_than: datetime) -> None:
    """Forget idempotency keys past their retention."""
    await session.execute(sa.delete(IdempotencyKey).where(IdempotencyKey.created_at < older_than))  # type: ignore[arg-type]
