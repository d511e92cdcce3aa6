"""The `intents` table: one row per reading of an upload (the upload itself, then each
revision), extracted or failed."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_libs.store import timestamp
from hotstack_libs.timeutil import utcnow


class IntentRecord(SQLModel, table=True):
    """What was read from one upload, or one revision of it."""

    __tablename__ = "intents"
    __table_args__ = (sa.UniqueConstraint("upload_id", "revision"),)

    id: str = Field(primary_key=True, max_length=64)
    upload_id: str = Field(max_length=64)
    revision: int = Field(default=0)
    tenant_id: str = Field(index=True, max_length=64)
    status: str = Field(max_length=16)  # extracted | failed
    extractor: str | None = Field(default=None, max_length=32)
    intent_json: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    spec_json: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    failure_code: str | None = Field(default=None, max_length=64)
    failure_reason: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


async def find_for_upload(
    session: AsyncSession, tenant: str, upload_id: str
) -> IntentRecord | None:
    """The tenant's latest intent for an upload (that of its last revision), or None."""
    result = await session.exec(
        select(IntentRecord)
        .where(IntentRecord.upload_id == upload_id, IntentRecord.tenant_id == tenant)
        .order_by(IntentRecord.revision.desc())  # type: ignore[attr-defined]
    )
    return result.first()
