"""Build HTTP routes: build records, preview and published sites."""

from __future__ import annotations

import re
import time
from datetime import datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response, status
from pydantic import BaseModel, Field

from hotstack_contracts import Envelope, SitePublished, SiteUnpublished
from hotstack_libs.auth import Principal
from hotstack_libs.http import owned
from hotstack_libs.http.problems import served
from hotstack_libs.timeutil import as_utc, utcnow

from . import store
from .deps import BuildsReader, BuildsWriter, Dependencies, Deps
from .domain.forms import form_token, with_form_token
from .domain.furniture import with_preview_ribbon
from .service import SOURCE, site_url

router = APIRouter(tags=["builds"])

_SAFE_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)*$")


class StepView(BaseModel):
    """A build step."""

    position: int
    name: str
    status: str
    duration_ms: int
    detail: str | None


class BuildView(BaseModel):
    """A build with its steps."""

    build_id: str
    upload_id: str
    status: str
    site_name: str
    slug: str | None
    artifact_key: str | None
    artifact_sha256: str | None
    artifact_size_bytes: int | None
    error: str | None
    created_at: str
    published_at: str | None
    unpublished_at: str | None
    steps: list[StepView]


class FileView(BaseModel):
    """A generated file."""

    path: str
    sha256: str
    size_bytes: int
    content_type: str


async def _tenant_build(deps: Dependencies, principal: Principal, build_id: str) -> store.Build:
    async with deps.sessions() as session:
        return owned(await store.find_build(session, build_id), principal.tenant, "build")


@router.get("/api/builds/{build_id}", response_model=BuildView)
async def get_build(
    build_id: str,
    principal: BuildsReader,
    deps: Deps,
) -> BuildView:
    """A build and its recorded steps."""
    build = await _tenant_build(deps, principal, build_id)
    async with deps.sessions() as session:
        steps = await store.steps_of(session, build_id)
    return BuildView(
        build_id=build.id,
        upload_id=build.upload_id,
        status=build.status,
        site_name=build.site_name,
        slug=build.slug,
        artifact_key=build.artifact_key,
        artifact_sha256=build.artifact_sha256,
        artifact_size_bytes=build.artifact_size_bytes,
        error=build.error,
        created_at=as_utc(build.created_at).isoformat(),
        published_at=as_utc(build.published_at).isoformat() if build.published_at else None,
        unpublished_at=as_utc(build.unpublished_at).isoformat() if build.unpublished_at else None,
        steps=[
            StepView(
                position=s.position,
                name=s.name,
                status=s.status,
                duration_ms=s.duration_ms,
                detail=s.detail,
            )
            for s in steps
        ],
    )


@router.get("/api/builds/{build_id}/files", response_model=list[FileView])
async def get_build_files(
    build_id: str,
    principal: BuildsReader,
    deps: Deps,
) -> list[FileView]:
    """Generated files with their SHA-256."""
    await _tenant_build(deps, principal, build_id)
    async with deps.sessions() as session:
        files = await store.files_of(session, build_id)
    return [
        FileView(path=f.path, sha256=f.sha256, size_bytes=f.size_bytes, content_type=f.content_type)
        for f in files
    ]


def _resolve(path: str) -> list[str]:
    """Candidate file paths for a request path (index and `.html` resolution)."""
    if path == "" or path.endswith("/"):
        return [path + "index.html"]
    if "." in path.rsplit("/", 1)[-1]:
        return [path]
    return [path + ".html", path + "/index.html"]


def site_policy() -> str:
    """The Content-Security-Policy of generated sites: their own styles and images, no
    script at all, forms only to HotStack beside them. A second wall behind the templates'
    escaping."""
    return (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
    )


def page_headers(cache: str) -> dict[str, str]:
    """The headers every file of a site is served with."""
    return {
        "Cache-Control": cache,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": site_policy(),
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }


async def _serve(
    request: Request,
    deps: Dependencies,
    build: store.Build,
    path: str,
    cache: str,
    *,
    preview: bool = False,
) -> Response:
    raw_path = request.scope.get("raw_path", b"").decode("latin-1")
    if "%" in raw_path or "\\" in path or (path and not _SAFE_PATH.match(path.rstrip("/"))):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "invalid path")
    async with deps.sessions() as session:
        found = None
        for candidate in _resolve(path):
            found = await store.find_file(session, build.id, candidate)
            if found is not None:
                break
        status_code = 200
        if found is None:
            found = await store.find_file(session, build.id, "404.html")
            status_code = 404
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "not found")
    # A page with a form is written a fresh form token each time it is served: it is
    # neither cached nor answered 304 (a cached token would expire in the cache).
    with_form = found.path in {str(form["href"]).split("#")[0] for form in build.forms.values()}
    headers = page_headers("no-store" if with_form else cache)
    etag = f'"{found.sha256}"'
    if not with_form:
        headers["ETag"] = etag
    if preview:
        headers["X-Robots-Tag"] = "noindex"  # a preview is not the site
    if not with_form and status_code == 200 and request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    body = await deps.blobs.get(found.blob_key)
    if with_form:
        site = build.id if preview else build.slug or build.id
        body = with_form_token(body, form_token(deps.settings.form_key(), site, time.time()))
    if preview and found.content_type.startswith("text/html"):
        body = with_preview_ribbon(body)  # so nobody takes the preview for the site
    return Response(body, status_code=status_code, media_type=found.content_type, headers=headers)


# What a preview or a published site serves: its generated files, or its own 404 page.
_SITE_FILES: dict[int | str, dict[str, Any]] = {
    200: served(
        "A file of the site",
        "text/html",
        "text/css",
        "image/svg+xml",
        "application/xml",
        "text/plain",
    ),
    404: served("The site's own 404 page", "text/html"),
    410: served("The site was taken down by its owner: its own page saying so", "text/html"),
}


@router.get(
    "/preview/{build_id}/{path:path}",
    response_class=Response,
    responses=_SITE_FILES,
)
async def preview(build_id: str, path: str, request: Request, deps: Deps) -> Response:
    """A build's site before payment (the unguessable build id is the capability)."""
    async with deps.sessions() as session:
        build = await store.find_build(session, build_id)
    if build is None or build.status not in ("completed", "published"):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no preview for that build")
    return await _serve(request, deps, build, path, "no-cache", preview=True)


@router.get(
    "/sites/{slug}/{path:path}",
    response_class=Response,
    responses=_SITE_FILES,
)
async def site(slug: str, path: str, request: Request, deps: Deps) -> Response:
    """A published site."""
    async with deps.sessions() as session:
        build = await store.find_published(session, slug)
    if build is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no site published under that name")
    if build.unpublished_at is not None:
        return await gone(deps, build)
    return await _serve(request, deps, build, path, "public, max-age=60")


async def gone(deps: Dependencies, build: store.Build) -> Response:
    """410 Gone for every path of a site its owner took down, with the site's own page."""
    async with deps.sessions() as session:
        page = await store.find_file(session, build.id, "410.html")
    if page is None:  # built before sites had one
        raise HTTPException(status.HTTP_410_GONE, "this site is no longer online")
    headers = page_headers("no-cache")
    headers["X-Robots-Tag"] = "noindex"
    body = await deps.blobs.get(page.blob_key)
    return Response(body, status_code=410, media_type=page.content_type, headers=headers)


@router.post(
    "/api/builds/{build_id}/unpublish",
    response_model=BuildView,
    responses={
        404: {"description": "No such build for this tenant"},
        409: {"description": "The build was never published"},
    },
)
async def unpublish(
    build_id: str,
    principal: BuildsWriter,
    deps: Deps,
) -> BuildView:
    """Take a published site down: its address answers 410 Gone with a page in its design.
    Asking again changes nothing."""
    async with deps.transactions() as tx:
        build = owned(await store.lock_build(tx.session, build_id), principal.tenant, "build")
        if build.published_at is None or build.slug is None:
            raise HTTPException(status.HTTP_409_CONFLICT, "the build was never published")
        site = await store.lock_site(tx.session, build.slug)
        assert site is not None, "a published build has its site"
        live = await store.lock_build(tx.session, site.live_build_id or build.id)
        assert live is not None
        if site.unpublished_at is None:
            site.unpublished_at = live.unpublished_at = utcnow()
            live.status = "unpublished"
            tx.emit(
                Envelope.new(
                    SiteUnpublished(build_id=live.id, upload_id=build.upload_id, slug=build.slug),
                    source=SOURCE,
                    tenant=build.tenant_id,
                    correlation_id=build.upload_id,
                    subject=build.id,
                )
            )
    return await get_build(build_id, principal, deps)


class VersionView(BaseModel):
    """One build of a site: what a rollback can put back."""

    build_id: str
    status: str
    artifact_sha256: str | None
    created_at: str
    published_at: str | None = Field(description="When it went live first; null: never paid.")
    live: bool = Field(description="Whether the site's address serves it now.")


class SiteView(BaseModel):
    """A site: its address, the build it serves and every version it has had."""

    slug: str
    upload_id: str
    site_url: str
    live_build_id: str | None
    published_at: str | None
    unpublished_at: str | None
    versions: list[VersionView] = Field(description="Oldest first.")


class RollbackRequest(BaseModel):
    """Which earlier version to put back."""

    build_id: str = Field(max_length=64, description="A build of this site that was published.")


def _when(moment: datetime | None) -> str | None:
    return as_utc(moment).isoformat() if moment else None


async def _site_view(deps: Dependencies, site: store.Site) -> SiteView:
    async with deps.sessions() as session:
        builds = await store.builds_of(session, site.upload_id)
    return SiteView(
        slug=site.slug,
        upload_id=site.upload_id,
        site_url=site_url(deps.settings.public_url, site.slug),
        live_build_id=site.live_build_id,
        published_at=_when(site.published_at),
        unpublished_at=_when(site.unpublished_at),
        versions=[
            VersionView(
                build_id=b.id,
                status=b.status,
                artifact_sha256=b.artifact_sha256,
                created_at=as_utc(b.created_at).isoformat(),
                published_at=_when(b.published_at),
                live=b.id == site.live_build_id,
            )
            for b in builds
            if b.slug == site.slug
        ],
    )


@router.get(
    "/api/sites/{slug}",
    response_model=SiteView,
    responses={404: {"description": "No site of this tenant under that name"}},
)
async def get_site(
    slug: str,
    principal: BuildsReader,
    deps: Deps,
) -> SiteView:
    """A site, the build it serves and its earlier versions."""
    async with deps.sessions() as session:
        site = owned(await store.find_site(session, slug), principal.tenant, "site")
    return await _site_view(deps, site)


@router.post(
    "/api/sites/{slug}/rollback",
    response_model=SiteView,
    responses={
        404: {"description": "No site of this tenant under that name"},
        409: {"description": "That build was never published at this site, or the site is down"},
    },
)
async def rollback(
    slug: str,
    request: RollbackRequest,
    principal: BuildsWriter,
    deps: Deps,
) -> SiteView:
    """Put an earlier version back at the site's address: the same files, byte for byte,
    in one step (SitePublished says which build is live now). Asking again changes
    nothing."""
    async with deps.transactions() as tx:
        site = owned(await store.lock_site(tx.session, slug), principal.tenant, "site")
        build = await store.find_build(tx.session, request.build_id)
        if build is None or build.slug != slug or build.upload_id != site.upload_id:
            raise HTTPException(
                status.HTTP_409_CONFLICT, "that build is not a version of this site"
            )
        if build.published_at is None:
            raise HTTPException(status.HTTP_409_CONFLICT, "that build was never published")
        if site.unpublished_at is not None:
            raise HTTPException(status.HTTP_409_CONFLICT, "the site is taken down")
        if site.live_build_id != build.id:
            site.live_build_id = build.id
            tx.emit(
                Envelope.new(
                    SitePublished(
                        build_id=build.id,
                        upload_id=build.upload_id,
                        slug=slug,
                        site_url=site_url(deps.settings.public_url, slug),
                    ),
                    source=SOURCE,
                    tenant=build.tenant_id,
                    correlation_id=build.upload_id,
                    subject=build.id,
                )
            )
    return await _site_view(deps, site)


@router.get("/preview/{build_id}", include_in_schema=False)
async def preview_root(build_id: str) -> Response:
    """Relative links need the trailing slash."""
    return Response(status_code=308, headers={"Location": f"/preview/{build_id}/"})


@router.get("/sites/{slug}", include_in_schema=False)
async def site_root(slug: str) -> Response:
    """Relative links need the trailing slash."""
    return Response(status_code=308, headers={"Location": f"/sites/{slug}/"})
