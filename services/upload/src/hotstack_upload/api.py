"""Upload HTTP routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import (
    APIRouter,
    Depends,
    File,
    Form,
    Header,
    HTTPException,
    Request,
    Response,
    UploadFile,
    status,
)
from pydantic import BaseModel, EmailStr

from hotstack_libs.auth import Principal
from hotstack_libs.http import Runtime, authorize, get_runtime
from hotstack_libs.timeutil import as_utc

from . import store
from .domain.briefs import BriefRejectedError
from .settings import Settings
from .uploads import IdempotencyConflictError, accept_upload

router = APIRouter(prefix="/api", tags=["uploads"])

CHUNK = 1024 * 1024


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


class UploadStatus(BaseModel):
    """Where a brief is in the pipeline."""

    upload_id: str
    status: str
    preview_url: str | None
    payment_id: str | None
    checkout_url: str | None
    site_url: str | None
    error: str | None
    timeline: list[TimelineItem]


class FileMetadata(BaseModel):
    """A stored file."""

    file_id: str
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    created_at: str


async def _read_limited(file: UploadFile, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := await file.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise HTTPException(
                status.HTTP_413_CONTENT_TOO_LARGE, f"file is larger than the {limit}-byte limit"
            )
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("/upload", status_code=status.HTTP_201_CREATED, response_model=UploadCreated)
async def upload(
    request: Request,
    response: Response,
    principal: Annotated[Principal, Depends(authorize("uploads:write"))],
    file: Annotated[UploadFile, File(description="The brief: text or Markdown.")],
    prompt: Annotated[str, Form(description="What site you want.")],
    contact_email: Annotated[EmailStr | None, Form()] = None,
    idempotency_key: Annotated[str | None, Header(max_length=255)] = None,
) -> UploadCreated:
    """Upload a brief with a prompt; the pipeline starts once it is stored."""
    runtime = get_runtime(request)
    settings = runtime.settings
    assert isinstance(settings, Settings)
    data = await _read_limited(file, settings.max_upload_bytes)
    try:
        accepted = await accept_upload(
            runtime.transactions,
            runtime.blobs,
            tenant=principal.tenant,
            filename=file.filename,
            data=data,
            prompt=prompt,
            contact_email=str(contact_email) if contact_email else None,
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


def _not_found(what: str) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, f"{what} not found")


@router.get("/uploads/{upload_id}", response_model=UploadStatus)
async def upload_status(
    upload_id: str,
    principal: Annotated[Principal, Depends(authorize("uploads:read"))],
    runtime: Annotated[Runtime, Depends(get_runtime)],
) -> UploadStatus:
    """Status and timeline of one upload."""
    async with runtime.sessions() as session:
        upload = await store.find_session(session, principal.tenant, upload_id)
        if upload is None:
            raise _not_found("upload")
        events = await store.timeline(session, upload_id)
    return UploadStatus(
        upload_id=upload.id,
        status=upload.status,
        preview_url=upload.preview_url,
        payment_id=upload.payment_id,
        checkout_url=upload.checkout_url,
        site_url=upload.site_url,
        error=upload.error,
        timeline=[
            TimelineItem(type=e.type, time=as_utc(e.time).isoformat(), id=e.event_id)
            for e in events
        ],
    )


@router.get("/files/{file_id}", response_model=FileMetadata)
async def file_metadata(
    file_id: str,
    principal: Annotated[Principal, Depends(authorize("uploads:read"))],
    runtime: Annotated[Runtime, Depends(get_runtime)],
) -> FileMetadata:
    """Metadata of a stored file."""
    async with runtime.sessions() as session:
        file = await store.find_file(session, principal.tenant, file_id)
    if file is None:
        raise _not_found("file")
    return FileMetadata(
        file_id=file.id,
        filename=file.filename,
        content_type=file.content_type,
        size_bytes=file.size_bytes,
        sha256=file.sha256,
        created_at=as_utc(file.created_at).isoformat(),
    )


@router.get("/files/{file_id}/content")
async def file_content(
    file_id: str,
    principal: Annotated[Principal, Depends(authorize("uploads:read"))],
    runtime: Annotated[Runtime, Depends(get_runtime)],
) -> Response:
    """The original bytes with their content type."""
    async with runtime.sessions() as session:
        file = await store.find_file(session, principal.tenant, file_id)
    if file is None:
        raise _not_found("file")
    data = await runtime.blobs.get(file.blob_key)
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
