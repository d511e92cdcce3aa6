"""Notifier tables: `contacts` (learned from events) and `notifications` (what was sent)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_libs.timeutil import utcnow


class Contact(SQLModel, table=True):
    """Who to tell about one upload, and what we know of its site."""

    __tablename__ = "contacts"

    upload_id: str = Field(primary_key=True, max_length=64)
    tenant_id: str = Field(index=True, max_length=64)
    email: str | None = Field(default=None, max_length=254)
    site_name: str | None = Field(default=None, max_length=200)
    preview_url: str | None = Field(default=None, max_length=1024)


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
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=sa.Column(sa.DateTime(timezone=True), nullable=False)
    )


async def notifications_of(session: AsyncSession, tenant: str, limit: int) -> list[Notification]:
    """A tenant's notifications, newest first."""
    result = await session.exec(
        select(Notification)
        .where(Notification.tenant_id == tenant)
        .order_by(Notification.created_at.desc())  # type: ignore[attr-defined]
        .limit(limit)
    )
    return list(result.all())
