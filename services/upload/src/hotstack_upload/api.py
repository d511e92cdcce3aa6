"""Upload HTTP routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request, Response, status
from pydantic import BaseModel, EmailStr, Field, TypeAdapter, ValidationError

from hotstack_libs.http import IDEMPOTENCY_KEY, found
from hotstack_libs.http.forms import read_form
from hotstack_libs.http.problems import served, too_many_requests
from hotstack_libs.store.ratelimit import RateLimitedError
from hotstack_libs.timeutil import as_utc

from . import store
from .deps import Deps, UploadsReader, UploadsWriter
from .domain.briefs import BriefRejectedError
from .limits import take_upload_token
from .revisions import NotRevisableError, UploadNotFoundError, revise_upload
from .service import (
    IdempotencyConflictError,
    accept_upload,
    check_brief,
    released_unless_committed,
    reserve_upload,
)

router = APIRouter(prefix="/api", tags=["uploads"])


class UploadCreated(BaseModel):
    """Answer to a successful upload."""

    upload_id: str
    file_id: str
    status: str
    status_url: str
    sha256: str
    size_bytes: int
    content_type: str
    filename: str


class TimelineItem(BaseModel):
    """One event in an upload's life."""

    type: str
    time: str
    id: str


class RevisionView(BaseModel):
    """A change the tenant asked for."""

    revision: int
    prompt: str
    file_id: str = Field(description="The brief it reads: a new one, or the one before.")
    created_at: str


class RevisionCreated(BaseModel):
    """Answer to a revision: the upload is read and built again."""

    upload_id: str
    revision: int
    status: str
    status_url: str


class UploadStatus(BaseModel):
    """Where a brief is in the pipeline."""

    upload_id: str
    status: str
    preview_url: str | None
    payment_id: str | None
    checkout_url: str | None
    site_url: str | None
    error: str | None
    notes: list[str] = Field(description="What the site leaves out of the brief, and why.")
    revisions: list[RevisionView] = Field(description="The changes asked for, first first.")
    timeline: list[TimelineItem]


class FileMetadata(BaseModel):
    """A stored file."""

    file_id: str
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    created_at: str


_UPLOAD_FORM = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file", "prompt"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "The brief: PDF, DOCX, HTML, Markdown or text.",
                        },
                        "prompt": {"type": "string", "description": "What site you want."},
                        "contact_email": {"type": "string", "format": "email"},
                    },
                }
            }
        },
    }
}
_EMAIL = TypeAdapter(EmailStr)


def _contact_email(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    try:
        return str(_EMAIL.validate_python(raw.strip()))
    except ValidationError as error:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"contact_email {raw!r} is not an email address"
        ) from error


@router.post(
    "/upload",
    status_code=status.HTTP_201_CREATED,
    response_model=UploadCreated,
    openapi_extra=_UPLOAD_FORM,
    responses={
        413: {"description": "The file is larger than the limit."},
        415: {"description": "The file's type is unsupported or not what its name says."},
        422: {"description": "The brief or the form is invalid; the detail says why."},
        429: {"description": "Too many uploads; see Retry-After."},
    },
)
async def upload(
    request: Request,
    response: Response,
    principal: UploadsWriter,
    deps: Deps,
    idempotency_key: Annotated[str | None, Header(pattern=IDEMPOTENCY_KEY)] = None,
) -> UploadCreated:
    """Upload a brief with a prompt; the pipeline starts once it is stored.

    The tenant's rate limit is checked before the body is read, and the body is refused
    (413) at the byte that takes it past the size limit.
    """
    settings = deps.settings
    try:
        reservation = await reserve_upload(
            deps.transactions, principal.tenant, settings.upload_rate
        )
    except RateLimitedError as error:
        raise too_many_requests(error) from error
    async with (
        released_unless_committed(reservation, deps.transactions, deps.blobs),
        read_form(
            request, max_file_bytes=settings.max_upload_bytes, spool_dir=settings.spool_dir
        ) as form,
    ):
        file = form.files.get("file")
        if file is None:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "the form has no file part")
        if "prompt" not in form.fields:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "the form has no prompt")
        try:
            accepted = await accept_upload(
                deps.transactions,
                deps.blobs,
                deps.documents,
                reservation,
                brief=file,
                prompt=form.fields["prompt"],
                contact_email=_contact_email(form.fields.get("contact_email")),
                idempotency_key=idempotency_key,
                max_prompt_chars=settings.max_prompt_chars,
            )
        except BriefRejectedError as error:
            raise HTTPException(error.status_code, str(error)) from error
        except IdempotencyConflictError as error:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error
    if accepted.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    upload_id = accepted.upload.id
    response.headers["Location"] = f"/api/uploads/{upload_id}"
    return UploadCreated(
        upload_id=upload_id,
        file_id=accepted.file.id,
        status=accepted.upload.status,
        status_url=f"{settings.public_url}/api/uploads/{upload_id}",
        sha256=accepted.file.sha256,
        size_bytes=accepted.file.size_bytes,
        content_type=accepted.file.content_type,
        filename=accepted.file.filename,
    )


class UploadSummary(BaseModel):
    """One of the tenant's uploads, as a list shows it."""

    upload_id: str
    status: str
    prompt: str
    preview_url: str | None
    checkout_url: str | None
    site_url: str | None
    revision: int
    created_at: str


class UploadsPage(BaseModel):
    """The tenant's uploads, newest first."""

    items: list[UploadSummary]
    next_before: str | None = Field(
        description="Pass as `before` for the next (older) page; null on the last page."
    )


@router.get("/uploads", response_model=UploadsPage)
async def list_uploads(
    principal: UploadsReader,
    deps: Deps,
    before: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> UploadsPage:
    """The tenant's uploads, newest first, a page at a time."""
    async with deps.sessions() as session:
        rows = await store.uploads_of(session, principal.tenant, before=before, limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return UploadsPage(
        items=[
            UploadSummary(
                upload_id=u.id,
                status=u.status,
                prompt=u.prompt,
                preview_url=u.preview_url,
                checkout_url=u.checkout_url if u.status == "awaiting_payment" else None,
                site_url=u.site_url if u.status == "published" else None,
                revision=u.revision,
                created_at=as_utc(u.created_at).isoformat(),
            )
            for u in rows
        ],
        next_before=rows[-1].id if more else None,
    )


@router.get("/uploads/{upload_id}", response_model=UploadStatus)
async def upload_status(
    upload_id: str,
    principal: UploadsReader,
    deps: Deps,
) -> UploadStatus:
    """Status and timeline of one upload."""
    async with deps.sessions() as session:
        upload = found(await store.find_session(session, principal.tenant, upload_id), "upload")
        events = await store.timeline(session, upload_id)
        revisions = await store.revisions_of(session, upload_id)
    return UploadStatus(
        upload_id=upload.id,
        status=upload.status,
        preview_url=upload.preview_url,
        payment_id=upload.payment_id,
        checkout_url=upload.checkout_url,
        site_url=upload.site_url,
        error=upload.error,
        notes=upload.notes.splitlines() if upload.notes else [],
        revisions=[
            RevisionView(
                revision=r.number,
                prompt=r.prompt,
                file_id=r.file_id,
                created_at=as_utc(r.created_at).isoformat(),
            )
            for r in revisions
        ],
        timeline=[
            TimelineItem(type=e.type, time=as_utc(e.time).isoformat(), id=e.event_id)
            for e in events
        ],
    )


_REVISION_FORM = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["prompt"],
                    "properties": {
                        "prompt": {"type": "string", "description": "What to change."},
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "A new brief (optional): the last one otherwise.",
                        },
                    },
                }
            }
        },
    }
}


@router.post(
    "/uploads/{upload_id}/revisions",
    status_code=status.HTTP_201_CREATED,
    response_model=RevisionCreated,
    openapi_extra=_REVISION_FORM,
    responses={
        404: {"description": "No such upload for this tenant"},
        409: {"description": "The upload is not waiting for payment nor published"},
        413: {"description": "The file is larger than the limit."},
        415: {"description": "The file's type is unsupported or not what its name says."},
        422: {"description": "The prompt, the brief or the form is invalid; the detail says why."},
        429: {"description": "Too many uploads and revisions; see Retry-After."},
    },
)
async def revise(
    upload_id: str,
    request: Request,
    response: Response,
    principal: UploadsWriter,
    deps: Deps,
    idempotency_key: Annotated[str | None, Header(pattern=IDEMPOTENCY_KEY)] = None,
) -> RevisionCreated:
    """Ask for changes to an upload's site: a new prompt, and optionally a new brief. The
    upload is read again with everything asked before and built again; before payment the
    open payment follows the new build (re-quoted if its page count changed), after it the
    site is republished at the same address (see docs/decisions/0007). Repeating a request
    with the same Idempotency-Key answers the same revision."""
    settings = deps.settings
    await take_upload_token(deps.transactions, principal.tenant, settings.upload_rate)
    async with read_form(
        request, max_file_bytes=settings.max_upload_bytes, spool_dir=settings.spool_dir
    ) as form:
        if "prompt" not in form.fields:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "the form has no prompt")
        file = form.files.get("file")
        try:
            brief = (
                await check_brief(deps.documents, file) if file is not None and file.size else None
            )
            revised = await revise_upload(
                deps.transactions,
                deps.blobs,
                tenant=principal.tenant,
                upload_id=upload_id,
                prompt=form.fields["prompt"],
                brief=brief,
                idempotency_key=idempotency_key,
                max_prompt_chars=settings.max_prompt_chars,
            )
        except UploadNotFoundError as error:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "upload not found") from error
        except NotRevisableError as error:
            raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error
        except BriefRejectedError as error:
            raise HTTPException(error.status_code, str(error)) from error
        except IdempotencyConflictError as error:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error
    if revised.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    response.headers["Location"] = f"/api/uploads/{upload_id}"
    return RevisionCreated(
        upload_id=upload_id,
        revision=revised.revision.number,
        status=revised.upload.status,
        status_url=f"{settings.public_url}/api/uploads/{upload_id}",
    )


@router.get("/files/{file_id}", response_model=FileMetadata)
async def file_metadata(
    file_id: str,
    principal: UploadsReader,
    deps: Deps,
) -> FileMetadata:
    """Metadata of a stored file."""
    async with deps.sessions() as session:
        file = found(await store.find_file(session, principal.tenant, file_id), "file")
    return FileMetadata(
        file_id=file.id,
        filename=file.filename,
        content_type=file.content_type,
        size_bytes=file.size_bytes,
        sha256=file.sha256,
        created_at=as_utc(file.created_at).isoformat(),
    )


@router.get(
    "/files/{file_id}/content",
    response_class=Response,
    responses={
        200: served(
            "The brief as uploaded",
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "text/markdown",
            "text/plain",
            "text/html",
        )
    },
)
async def file_content(
    file_id: str,
    principal: UploadsReader,
    deps: Deps,
) -> Response:
    """The original bytes with their content type."""
    async with deps.sessions() as session:
        file = found(await store.find_file(session, principal.tenant, file_id), "file")
    data = await deps.blobs.get(file.blob_key)
    return Response(
        data,
        media_type=file.content_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{_quote(file.filename)}",
            "ETag": f'"{file.sha256}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
