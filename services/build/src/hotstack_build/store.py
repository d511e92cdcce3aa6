"""Build tables: `builds`, `build_steps`, `generated_files`, and what visitors send the
sites' forms: `form_submissions`, with the `form_buckets` that rate-limit them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_libs.store import timestamp
from hotstack_libs.timeutil import utcnow


class Build(SQLModel, table=True):
    """One rendering of a site spec, at the address (`slug`) of its upload's site; live once
    published, until a later revision (or a rollback) puts another build there."""

    __tablename__ = "builds"

    id: str = Field(primary_key=True, max_length=64)
    tenant_id: str = Field(index=True, max_length=64)
    upload_id: str = Field(index=True, max_length=64)
    intent_id: str = Field(max_length=64)
    status: str = Field(max_length=16)  # completed | failed | published | unpublished
    site_name: str = Field(max_length=200)
    slug: str | None = Field(default=None, index=True, max_length=80)
    artifact_key: str | None = Field(default=None, max_length=512)
    artifact_sha256: str | None = Field(default=None, max_length=64)
    artifact_size_bytes: int | None = None
    error: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())
    published_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    unpublished_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    # What the site's forms need once it is live: the language they answer in, the
    # address the site shows (their recipient) and each form (HostedForm.dump, by key).
    language: str = Field(default="en", max_length=20)
    site_email: str | None = Field(default=None, max_length=254)
    forms: dict[str, Any] = Field(
        default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False, default=dict)
    )


class Site(SQLModel, table=True):
    """An upload's address: reserved by its first build, served from its live build. A
    revision or a rollback moves `live_build_id`, one row update: a visitor gets the old
    site or the new one, never a mix."""

    __tablename__ = "sites"

    slug: str = Field(primary_key=True, max_length=80)
    tenant_id: str = Field(max_length=64)
    upload_id: str = Field(unique=True, max_length=64)
    live_build_id: str | None = Field(default=None, max_length=64)
    published_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))
    unpublished_at: datetime | None = Field(default=None, sa_column=timestamp(nullable=True))


class BuildStep(SQLModel, table=True):
    """A recorded step of a build."""

    __tablename__ = "build_steps"

    id: int | None = Field(default=None, primary_key=True)
    build_id: str = Field(foreign_key="builds.id", index=True, max_length=64)
    position: int
    name: str = Field(max_length=40)
    status: str = Field(max_length=16)
    duration_ms: int
    detail: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))


class GeneratedFile(SQLModel, table=True):
    """A file of a build, with its hash."""

    __tablename__ = "generated_files"

    build_id: str = Field(foreign_key="builds.id", primary_key=True, max_length=64)
    path: str = Field(primary_key=True, max_length=255)
    sha256: str = Field(max_length=64)
    size_bytes: int
    content_type: str = Field(max_length=100)
    blob_key: str = Field(max_length=512)


async def find_site(session: AsyncSession, slug: str) -> Site | None:
    """A site by its address."""
    return await session.get(Site, slug)


async def site_of_upload(session: AsyncSession, upload_id: str) -> Site | None:
    """The site an upload's builds share, once its first build reserved it."""
    return (await session.exec(select(Site).where(Site.upload_id == upload_id))).first()


async def lock_site(session: AsyncSession, slug: str) -> Site | None:
    """A site, its row locked until the transaction ends."""
    return (await session.exec(select(Site).where(Site.slug == slug).with_for_update())).first()


async def builds_of(session: AsyncSession, upload_id: str) -> list[Build]:
    """An upload's builds, oldest first."""
    result = await session.exec(
        select(Build).where(Build.upload_id == upload_id).order_by(Build.created_at)  # type: ignore[arg-type]
    )
    return list(result.all())


async def find_build(session: AsyncSession, build_id: str) -> Build | None:
    """A build by id."""
    return await session.get(Build, build_id)


async def lock_build(session: AsyncSession, build_id: str) -> Build | None:
    """A build, its row locked until the transaction ends (PostgreSQL; SQLite writes are
    serialised anyway)."""
    result = await session.exec(select(Build).where(Build.id == build_id).with_for_update())
    return result.first()


async def find_published(session: AsyncSession, slug: str) -> Build | None:
    """The build live under a slug, whether the site is still up or was taken down."""
    result = await session.exec(
        select(Build).join(Site, Site.live_build_id == Build.id).where(Site.slug == slug)  # type: ignore[arg-type]
    )
    return result.first()


async def steps_of(session: AsyncSession, build_id: str) -> list[BuildStep]:
    """Steps in order."""
    result = await session.exec(
        select(BuildStep).where(BuildStep.build_id == build_id).order_by(BuildStep.position)  # type: ignore[arg-type]
    )
    return list(result.all())


async def files_of(session: AsyncSession, build_id: str) -> list[GeneratedFile]:
    """Generated files in path order."""
    result = await session.exec(
        select(GeneratedFile).where(GeneratedFile.build_id == build_id).order_by(GeneratedFile.path)
    )
    return list(result.all())


async def find_file(session: AsyncSession, build_id: str, path: str) -> GeneratedFile | None:
    """One generated file."""
    return await session.get(GeneratedFile, (build_id, path))


class FormSubmission(SQLModel, table=True):
    """What a visitor sent one of a site's forms (kept for the tenant to list and export)."""

    __tablename__ = "form_submissions"
    __table_args__ = (sa.Index("ix_form_submissions_site", "tenant_id", "slug", "id"),)

    id: str = Field(primary_key=True, max_length=64)  # time-ordered: pages by id
    tenant_id: str = Field(max_length=64)
    slug: str = Field(max_length=80)
    build_id: str = Field(max_length=64)
    upload_id: str = Field(max_length=64)
    form: str = Field(max_length=40)
    fields: list[dict[str, str]] = Field(sa_column=sa.Column(sa.JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp())


class FormBucket(SQLModel, table=True):
    """A form rate limit's token bucket: per site (`site:<slug>`) and per visitor of a site
    (`client:<slug>:<keyed hash of the address>`, never the address itself)."""

    __tablename__ = "form_buckets"

    key: str = Field(primary_key=True, max_length=160)
    tokens: float
    updated_at: datetime = Field(sa_column=timestamp())


async def submissions_of(
    session: AsyncSession, tenant: str, slug: str, *, before: str | None, limit: int
) -> list[FormSubmission]:
    """A site's submissions, newest first, those older than `before` (an id) if given."""
    query = select(FormSubmission).where(
        FormSubmission.tenant_id == tenant, FormSubmission.slug == slug
    )
    if before is not None:
        query = query.where(FormSubmission.id < before)
    result = await session.exec(query.order_by(FormSubmission.id.desc()).limit(limit))  # type: ignore[attr-defined]
    return list(result.all())
