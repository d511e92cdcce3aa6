"""Hosted forms: what visitors send a published site's forms, and the owner's list and
CSV export of it. A form posts to the site's own address (same origin, no script),
naming itself in `_form` (as Netlify's forms do with `form-name`): a page answered there
finds its styles and links where the site's pages do.

A submission passes, in order: the site is live and has the form; the body is a small
urlencoded form; its token is the site's, neither too fresh nor too old; its honeypot is
empty; its answers fit the form's fields; the site and the visitor are within their rate.
Only then is it stored and FormSubmitted emitted, in one transaction, and the visitor
sent (303) to the site's page saying it was sent. A refusal answers the site's own page
saying why, and stores and sends nothing.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import time
from html import escape
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from pydantic import BaseModel, Field

from hotstack_contracts import Envelope, FormSubmitted, SubmittedField, new_id
from hotstack_libs.auth import Principal
from hotstack_libs.bus import Transaction
from hotstack_libs.http import owned
from hotstack_libs.http.forms import read_urlencoded
from hotstack_libs.http.problems import served
from hotstack_libs.store.ratelimit import RateLimitedError, take_token
from hotstack_libs.timeutil import as_utc

from . import store
from .api import gone, page_headers
from .deps import Dependencies, Deps, FormsReader
from .domain.forms import (
    BACK_SLOT,
    FORM_FIELD,
    NOT_SENT_PAGE,
    REASON_SLOT,
    SENT_PAGE,
    TOKEN_FIELD,
    HostedForm,
    RefusedError,
    answers_of,
    check_token,
    check_trap,
    reply_address,
)
from .domain.furniture import words_for
from .service import SOURCE, site_url

router = APIRouter(tags=["forms"])

MAX_FORM_BYTES = 64 * 1024
MAX_FORM_FIELDS = 64
PAGE_SIZE = 50

# The request body, for the OpenAPI document: a form as browsers send it.
_FORM_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "required": ["_form", "_token"],
                    "properties": {
                        "_form": {"type": "string", "description": "Which of the site's forms."},
                        "_token": {"type": "string", "description": "The page's form token."},
                    },
                    "additionalProperties": {"type": "string"},
                }
            }
        },
    }
}
_PAGE = "The site's page saying why it was not sent"


async def _posted(request: Request) -> dict[str, str]:
    return await read_urlencoded(request, max_bytes=MAX_FORM_BYTES, max_fields=MAX_FORM_FIELDS)


async def _not_sent(
    deps: Dependencies,
    build: store.Build,
    form: HostedForm,
    status_code: int,
    refused: RefusedError,
    headers: dict[str, str] | None = None,
) -> Response:
    """The site's own page saying why the form was not sent, in the site's language, with
    a link back to the form."""
    async with deps.sessions() as session:
        page = await store.find_file(session, build.id, NOT_SENT_PAGE)
    reason = words_for(build.language)[refused.reason].format(field=refused.field or "")
    if page is None:  # built before sites had one
        raise HTTPException(status_code, reason, headers=headers)
    body = await deps.blobs.get(page.blob_key)
    body = body.replace(REASON_SLOT.encode(), escape(reason).encode())
    body = body.replace(BACK_SLOT.encode(), escape(form.href).encode())
    answer_headers = page_headers("no-store") | {"X-Robots-Tag": "noindex"} | (headers or {})
    return Response(
        body, status_code=status_code, media_type=page.content_type, headers=answer_headers
    )


def _client_key(deps: Dependencies, slug: str, request: Request) -> str:
    """The rate-limit key of one visitor of one site: a keyed hash of the address, so the
    store never holds the address itself."""
    address = request.client.host if request.client else "unknown"
    digest = hmac.new(deps.settings.form_key(), address.encode(), hashlib.sha256)
    return f"client:{slug}:{digest.hexdigest()[:32]}"


def _form_of(build: store.Build, posted: dict[str, str]) -> HostedForm:
    stored = build.forms.get(posted.get(FORM_FIELD, ""))
    if stored is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "the site has no such form")
    return HostedForm.load(stored)


@router.post(
    "/sites/{slug}/",
    status_code=status.HTTP_303_SEE_OTHER,
    response_class=Response,
    openapi_extra=_FORM_BODY,
    responses={
        303: {"description": "Sent: on to the site's page saying so (Location)"},
        400: served(f"{_PAGE}: the form expired, was sent too fast, or by a robot", "text/html"),
        404: {"description": "No such site, or no such form on it"},
        410: served("The site was taken down by its owner: its own page saying so", "text/html"),
        413: {"description": "The form is larger than 64 KiB"},
        415: {"description": "Not an urlencoded form"},
        422: served(f"{_PAGE}: an answer is missing or not valid", "text/html"),
        429: served(
            f"{_PAGE}: too many forms from here or to this site (Retry-After)", "text/html"
        ),
    },
)
async def submit(slug: str, request: Request, deps: Deps) -> Response:
    """A visitor sends one of a published site's forms."""
    async with deps.sessions() as session:
        build = await store.find_published(session, slug)
    if build is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no site published under that name")
    if build.unpublished_at is not None:
        return await gone(deps, build)
    posted = await _posted(request)
    form = _form_of(build, posted)
    settings = deps.settings
    try:
        check_token(
            settings.form_key(),
            slug,
            posted.get(TOKEN_FIELD, ""),
            time.time(),
            min_seconds=settings.form_min_seconds,
            max_seconds=settings.form_max_seconds,
        )
        check_trap(form, posted)
    except RefusedError as refused:
        return await _not_sent(deps, build, form, status.HTTP_400_BAD_REQUEST, refused)
    try:
        answers = answers_of(form, posted)
    except RefusedError as refused:
        return await _not_sent(deps, build, form, 422, refused)
    try:
        async with deps.transactions() as tx:
            await take_token(
                tx.session, store.FormBucket, "key", f"site:{slug}", settings.site_form_rate
            )
            await take_token(
                tx.session,
                store.FormBucket,
                "key",
                _client_key(deps, slug, request),
                settings.client_form_rate,
            )
            _record(tx, build, form, answers, settings.public_url)
    except RateLimitedError as error:
        retry = {"Retry-After": str(error.retry_after)}
        return await _not_sent(deps, build, form, 429, RefusedError("form_busy"), retry)
    return Response(
        status_code=status.HTTP_303_SEE_OTHER,
        headers={"Location": f"/sites/{slug}/{SENT_PAGE}", "Cache-Control": "no-store"},
    )


def _record(
    tx: Transaction,
    build: store.Build,
    form: HostedForm,
    answers: list[SubmittedField],
    public_url: str,
) -> None:
    """Store a submission and emit FormSubmitted, in the caller's transaction."""
    assert build.slug is not None
    submission = store.FormSubmission(
        id=new_id("fsub"),
        tenant_id=build.tenant_id,
        slug=build.slug,
        build_id=build.id,
        upload_id=build.upload_id,
        form=form.key,
        fields=[answer.model_dump() for answer in answers],
    )
    tx.session.add(submission)
    tx.emit(
        Envelope.new(
            FormSubmitted(
                submission_id=submission.id,
                build_id=build.id,
                upload_id=build.upload_id,
                slug=build.slug,
                site_name=build.site_name,
                site_url=site_url(public_url, build.slug),
                form=form.kind,
                fields=answers,
                reply_to=reply_address(form, answers),
                site_email=build.site_email,
            ),
            source=SOURCE,
            tenant=build.tenant_id,
            correlation_id=build.upload_id,
            subject=submission.id,
        )
    )


@router.post(
    "/preview/{build_id}/",
    response_class=Response,
    openapi_extra=_FORM_BODY,
    responses={
        404: {"description": "No preview for that build, or no such form on it"},
        409: served(f"{_PAGE}: a preview's forms are not delivered", "text/html"),
    },
)
async def submit_preview(build_id: str, request: Request, deps: Deps) -> Response:
    """A form sent on a preview: nothing is stored or sent; the page says so."""
    async with deps.sessions() as session:
        build = await store.find_build(session, build_id)
    if build is None or build.status not in ("completed", "published"):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no preview for that build")
    form = _form_of(build, await _posted(request))
    return await _not_sent(
        deps, build, form, status.HTTP_409_CONFLICT, RefusedError("form_preview")
    )


class SubmissionView(BaseModel):
    """What a visitor sent one of the site's forms."""

    submission_id: str
    form: str = Field(description='The form: its kind, or "contact-2" for a second of one kind.')
    build_id: str = Field(description="The build that was live when it was sent.")
    submitted_at: str
    fields: list[SubmittedField]


class SubmissionsPage(BaseModel):
    """Submissions, newest first."""

    items: list[SubmissionView]
    next_before: str | None = Field(
        description="Pass as `before` for the next (older) page; null on the last page."
    )


async def _tenant_site(deps: Dependencies, principal: Principal, slug: str) -> store.Build:
    async with deps.sessions() as session:
        return owned(await store.find_published(session, slug), principal.tenant, "site")


def _view(row: store.FormSubmission) -> SubmissionView:
    return SubmissionView(
        submission_id=row.id,
        form=row.form,
        build_id=row.build_id,
        submitted_at=as_utc(row.created_at).isoformat(),
        fields=[SubmittedField.model_validate(field) for field in row.fields],
    )


@router.get(
    "/api/sites/{slug}/submissions",
    response_model=SubmissionsPage,
    responses={404: {"description": "No site of this tenant under that name"}},
)
async def list_submissions(
    slug: str,
    principal: FormsReader,
    deps: Deps,
    before: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = PAGE_SIZE,
) -> SubmissionsPage:
    """What visitors sent the site's forms, newest first, a page at a time."""
    await _tenant_site(deps, principal, slug)
    async with deps.sessions() as session:
        rows = await store.submissions_of(
            session, principal.tenant, slug, before=before, limit=limit + 1
        )
    more = len(rows) > limit
    rows = rows[:limit]
    return SubmissionsPage(
        items=[_view(row) for row in rows], next_before=rows[-1].id if more else None
    )


def _cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: one that starts like a formula is quoted
    with an apostrophe (OWASP's advice on CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@router.get(
    "/api/sites/{slug}/submissions.csv",
    response_class=Response,
    responses={
        200: served("Every submission, oldest first: one column per form field", "text/csv"),
        404: {"description": "No site of this tenant under that name"},
    },
)
async def export_submissions(
    slug: str,
    principal: FormsReader,
    deps: Deps,
) -> Response:
    """Every submission of the site as CSV (UTF-8), for a spreadsheet."""
    await _tenant_site(deps, principal, slug)
    rows: list[store.FormSubmission] = []
    before: str | None = None
    async with deps.sessions() as session:
        while page := await store.submissions_of(
            session, principal.tenant, slug, before=before, limit=500
        ):
            rows.extend(page)
            before = page[-1].id
    rows.reverse()
    columns: dict[str, str] = {}  # field name → the label it was first shown under
    for row in rows:
        for field in row.fields:
            columns.setdefault(field["name"], field["label"])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["submission_id", "submitted_at", "form", *columns.values()])
    for row in rows:
        values = {field["name"]: field["value"] for field in row.fields}
        writer.writerow(
            [
                row.id,
                as_utc(row.created_at).isoformat(),
                row.form,
                *(_cell(values.get(name, "")) for name in columns),
            ]
        )
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{slug}-submissions.csv"'},
    )
