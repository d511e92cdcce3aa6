"""Notifier tables: `contacts` (learned from events) and `notifications` (what was sent)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_libs.store import timestamp
from hotstack_libs.timeutil import as_utc, utcnow


class Contact(SQLModel, table=True):
    """Who to tell about one upload, and what we know of its site."""

    __tablename__ = "contacts"

    upload_id: str = Field(primary_key=True, max_length=64)
    tenant_id: str = Field(index=True, max_length=64)
    email: str | None = Field(default=None, max_length=254)
    site_name: str | None = Field(default=None, max_length=200)
    preview_url: str | None = Field(default=None, max_length=1024)
    upload_seen: bool = Field(
        default=False,
        description="UploadReceived was applied: `email` is the tenant's answer, not unknown.",
    )


class Notification(SQLModel, table=True):
    """An email or webhook that was sent (or failed)."""

    __tablename__ = "notifications"
    __table_args__ = (sa.UniqueConstraint("about_event_id", "channel", "recipient"),)

    id: str = Field(primary_key=True, max_length=64)
    tenant_id: str = Field(index=True, max_length=64)
    upload_id: str = Field(max_length=64)
    channel: str = Field(max_length=16)
    recipient: str = Field(max_length=254)
    kind: str = Field(max_length=40)
    subject: str = Field(max_length=300)
    about_event_id: str = Field(max_length=128)
    status: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


async def notifications_of(session: AsyncSession, tenant: str, limit: int) -> list[Notification]:
    """A tenant's notifications, newest first."""
    result = await session.exec(
        select(Notification)
        .where(Notification.tenant_id == tenant)
        .order_by(Notification.created_at.desc())  # type: ignore[attr-defined]
        .limit(limit)
    )
    return list(result.all())


class WebhookEndpoint(SQLModel, table=True):
    """A tenant's webhook receiver; secrets are stored encrypted."""

    __tablename__ = "webhook_endpoints"

    id: str = Field(primary_key=True, max_length=64)
    tenant_id: str = Field(index=True, max_length=64)
    url: str = Field(max_length=2048)
    event_types: str = Field(sa_column=sa.Column(sa.Text, nullable=False))  # JSON list
    secret_encrypted: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    previous_secret_encrypted: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    previous_expires_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    enabled: bool = True
    disabled_reason: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    failing_since: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


class WebhookDelivery(SQLModel, table=True):
    """One event for one endpoint, scheduled in the store so restarts lose nothing."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (sa.UniqueConstraint("endpoint_id", "event_id"),)

    id: str = Field(primary_key=True, max_length=64)
    tenant_id: str = Field(index=True, max_length=64)
    endpoint_id: str = Field(foreign_key="webhook_endpoints.id", max_length=64)
    event_id: str = Field(max_length=128)
    event_type: str = Field(max_length=255)
    message_id: str = Field(max_length=160)
    payload: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))
    status: str = Field(max_length=16)  # pending | succeeded | failed
    attempts: int = 0
    next_attempt_at: datetime | None = Field(
        default=None, sa_column=sa.Column(sa.DateTime(timezone=True), index=True)
    )
    last_status: int | None = None
    last_error: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    completed_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))


class WebhookAttempt(SQLModel, table=True):
    """One HTTP attempt of a delivery (secrets redacted)."""

    __tablename__ = "webhook_attempts"

    id: int | None = Field(default=None, primary_key=True)
    delivery_id: str = Field(foreign_key="webhook_deliveries.id", index=True, max_length=64)
    attempt: int
    at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    request_headers: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    response_status: int | None = None
    response_headers: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    response_excerpt: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    duration_ms: int
    error: str | None = Field(default=None, sa_column=sa.Column(sa.Text))


async def endpoints_of(session: AsyncSession, tenant: str) -> list[WebhookEndpoint]:
    """A tenant's endpoints, oldest first."""
    result = await session.exec(
        select(WebhookEndpoint)
        .where(WebhookEndpoint.tenant_id == tenant)
        .order_by(WebhookEndpoint.created_at)  # type: ignore[arg-type]
    )
    return list(result.all())


async def claim_due(
    session: AsyncSession, now: datetime, lease_until: datetime, limit: int
) -> list[WebhookDelivery]:
    """Due pending deliveries, leased to this worker until `lease_until`."""
    result = await session.exec(
        select(WebhookDelivery)
        .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now)  # type: ignore[operator]
        .order_by(WebhookDelivery.next_attempt_at)  # type: ignore[arg-type]
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    due = list(result.all())
    for delivery in due:
        delivery.next_attempt_at = lease_until
        delivery.attempts += 1
    return due


async def next_attempt_at(session: AsyncSession) -> datetime | None:
    """When the soonest pending delivery (or an expiring lease) comes due, if any."""
    result = await session.exec(
        select(sa.func.min(WebhookDelivery.next_attempt_at)).where(
            WebhookDelivery.status == "pending"
        )
    )
    found = result.one()
    return as_utc(found) if found is not None else None


async def tenant_contact_email(session: AsyncSession, tenant: str) -> str | None:
    """An address the tenant gave with one of its uploads."""
    result = await session.exec(
        select(Contact.email)
        .where(Contact.tenant_id == tenant, Contact.email.is_not(None))  # type: ignore[union-attr]
        .limit(1)
    )
    return result.first()
