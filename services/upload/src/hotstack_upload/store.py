"""Upload tables (`files`, `upload_sessions`, `upload_events`) and their queries."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_libs.store import timestamp
from hotstack_libs.timeutil import utcnow

from .domain.status import Status


class StoredFile(SQLModel, table=True):
    """An uploaded file's metadata; its bytes are in the blob store."""

    __tablename__ = "files"

    id: str = Field(primary_key=True, max_length=64)
    tenant_id: str = Field(index=True, max_length=64)
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=100)
    size_bytes: int
    sha256: str = Field(max_length=64)
    blob_key: str = Field(max_length=512)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


class UploadSession(SQLModel, table=True):
    """One brief moving through the pipeline."""

    __tablename__ = "upload_sessions"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "idempotency_key"),)

    id: str = Field(primary_key=True, max_length=64)
    tenant_id: str = Field(index=True, max_length=64)
    file_id: str = Field(foreign_key="files.id", max_length=64)
    prompt: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    contact_email: str | None = Field(default=None, max_length=254)
    idempotency_key: str | None = Field(default=None, max_length=255)
    request_hash: str = Field(max_length=64)
    status: str = Field(default=Status.RECEIVED.value, max_length=32)
    preview_url: str | None = Field(default=None, max_length=1024)
    payment_id: str | None = Field(default=None, max_length=64)
    checkout_url: str | None = Field(default=None, max_length=1024)
    site_url: str | None = Field(default=None, max_length=1024)
    error: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    notes: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    """What the site leaves out of the brief and why, one note per line."""
    revision: int = Field(default=0)  # how many revisions the tenant asked for
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


class UploadRevision(SQLModel, table=True):
    """A change the tenant asked for: a new prompt, and the brief it reads."""

    __tablename__ = "upload_revisions"
    __table_args__ = (sa.UniqueConstraint("upload_id", "idempotency_key"),)

    upload_id: str = Field(foreign_key="upload_sessions.id", primary_key=True, max_length=64)
    number: int = Field(primary_key=True)
    prompt: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    file_id: str = Field(foreign_key="files.id", max_length=64)
    idempotency_key: str | None = Field(default=None, max_length=255)
    request_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


async def revisions_of(session: AsyncSession, upload_id: str) -> list[UploadRevision]:
    """An upload's revisions, first first."""
    result = await session.exec(
        select(UploadRevision)
        .where(UploadRevision.upload_id == upload_id)
        .order_by(UploadRevision.number)  # type: ignore[arg-type]
    )
    return list(result.all())


class UploadEvent(SQLModel, table=True):
    """One step of an upload's timeline, as seen on the bus."""

    __tablename__ = "upload_events"

    id: int | None = Field(default=None, primary_key=True)
    upload_id: str = Field(foreign_key="upload_sessions.id", index=True, max_length=64)
    event_id: str = Field(unique=True, max_length=128)
    type: str = Field(max_length=255)
    time: datetime = Field(sa_column=timestamp())


class RateBucket(SQLModel, table=True):
    """A tenant's upload allowance (token bucket): refills continuously, spent per upload."""

    __tablename__ = "rate_buckets"

    tenant_id: str = Field(primary_key=True, max_length=64)
    tokens: float
    updated_at: datetime = Field(sa_column=timestamp())


class SignInLink(SQLModel, table=True):
    """An emailed sign-in link: only the SHA-256 of its token is kept; it works once,
    until `expires_at`."""

    __tablename__ = "sign_in_links"

    token_sha256: str = Field(primary_key=True, max_length=64)
    email: str = Field(max_length=254)
    tenant_id: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    expires_at: datetime = Field(sa_column=timestamp())
    used_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))


async def uploads_of(
    session: AsyncSession, tenant: str, *, before: str | None, limit: int
) -> list[UploadSession]:
    """A tenant's uploads, newest first, those older than `before` (an id) if given."""
    query = select(UploadSession).where(UploadSession.tenant_id == tenant)
    if before is not None:
        query = query.where(UploadSession.id < before)
    result = await session.exec(query.order_by(UploadSession.id.desc()).limit(limit))  # type: ignore[attr-defined]
    return list(result.all())


class PendingBlob(SQLModel, table=True):
    """A blob being written: committed before the bytes are put, deleted with the upload's
    commit. A row that outlives its grace period marks an orphan for the sweeper."""

    __tablename__ = "pending_blobs"

    blob_key: str = Field(primary_key=True, max_length=512)
    tenant_id: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


async def find_session(session: AsyncSession, tenant: str, upload_id: str) -> UploadSession | None:
    """The tenant's upload session, or None (another tenant's is None too)."""
    found = await session.get(UploadSession, upload_id)
    return found if found is not None and found.tenant_id == tenant else None


async def lock_session(session: AsyncSession, tenant: str, upload_id: str) -> UploadSession | None:
    """The tenant's upload session, its row locked until the transaction ends."""
    result = await session.exec(
        select(UploadSession)
        .where(UploadSession.id == upload_id, UploadSession.tenant_id == tenant)
        .with_for_update()
    )
    return result.first()


async def find_by_idempotency_key(
    session: AsyncSession, tenant: str, key: str
) -> UploadSession | None:
    """The upload created earlier with this key."""
    result = await session.exec(
        select(UploadSession).where(
            UploadSession.tenant_id == tenant, UploadSession.idempotency_key == key
        )
    )
    return result.first()


async def find_file(session: AsyncSession, tenant: str, file_id: str) -> StoredFile | None:
    """The tenant's file, or None."""
    found = await session.get(StoredFile, file_id)
    return found if found is not None and found.tenant_id == tenant else None


async def timeline(session: AsyncSession, upload_id: str) -> list[UploadEvent]:
    """Events of one upload in the order they happened."""
    result = await session.exec(
        select(UploadEvent)
        .where(UploadEvent.upload_id == upload_id)
        .order_by(UploadEvent.time, UploadEvent.id)  # type: ignore[arg-type]
    )
    return list(result.all())
