"""Signing a person in with an emailed one-time link, instead of an API token.

`POST /api/sign-in` mails a link to `/sign-in/<token>`: 32 random bytes, kept only as their
SHA-256, working once and for `UPLOAD_SIGN_IN_TTL_SECONDS` (15 minutes), at most a few per
address (a token bucket per address, shared by every replica through the store). Opening
the link shows a button rather than signing in at once, because mail scanners open links
too; pressing it spends the link and sets the session cookie (the same signed token an API
client sends as a bearer, for the person's own tenant, HttpOnly and SameSite=Lax). A person
is a tenant of their own, named from their address; API tokens stay for machines.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr
from html import escape
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Form, HTTPException, Request, Response, status
from pydantic import BaseModel, EmailStr, Field

from hotstack_libs.auth import SESSION_COOKIE, mint_token
from hotstack_libs.http.pages import page_headers
from hotstack_libs.http.problems import served, too_many_requests
from hotstack_libs.logging import get_logger
from hotstack_libs.store.ratelimit import RateLimitedError, take_token
from hotstack_libs.timeutil import as_utc, utcnow

from . import store
from .deps import Dependencies, Deps, UploadsReader

router = APIRouter(tags=["sign-in"])
log = get_logger(__name__)


def person_tenant(email: str) -> str:
    """The tenant a person signs in as: named from their address, the same every time."""
    return "p-" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:24]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in_email(sender: str, to: str, link: str, minutes: int) -> EmailMessage:
    """The email that carries a sign-in link."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = "Your HotStack sign-in link"
    domain = parseaddr(sender)[1].rpartition("@")[2] or "hotstack.local"
    message["Message-ID"] = make_msgid(domain=domain)
    text = (
        f"Hello,\n\nOpen this link to sign in to HotStack:\n\n{link}\n\n"
        f"It works once, for {minutes} minutes. If you did not ask for it, ignore this email."
        "\n\n— HotStack\n"
    )
    message.set_content(text)
    message.add_alternative(
        f'<p>Hello,</p><p><a href="{escape(link)}">Sign in to HotStack</a></p>'
        f"<p>It works once, for {minutes} minutes. If you did not ask for it, ignore this "
        "email.</p><p>— HotStack</p>",
        subtype="html",
    )
    return message


class SignInRequest(BaseModel):
    """Where to send a sign-in link."""

    email: EmailStr = Field(description="The person's email address.")


class SignInSent(BaseModel):
    """A link is on its way."""

    sent_to: str
    expires_in_seconds: int


class Me(BaseModel):
    """Who is signed in."""

    tenant: str
    email: str | None


@router.post(
    "/api/sign-in",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=SignInSent,
    responses={
        429: {"description": "Too many links for this address; see Retry-After"},
        503: {"description": "The email could not be sent; try again"},
    },
)
async def request_link(
    body: SignInRequest,
    request: Request,
    deps: Deps,
) -> SignInSent:
    """Email a one-time sign-in link to an address."""
    settings = deps.settings
    email = str(body.email).strip()
    token = secrets.token_urlsafe(32)
    key = "signin:" + hashlib.sha256(email.lower().encode()).hexdigest()[:32]
    try:
        async with deps.transactions() as tx:
            await take_token(
                tx.session, store.RateBucket, "tenant_id", key, settings.sign_in_rate, "links"
            )
            tx.session.add(
                store.SignInLink(
                    token_sha256=_digest(token),
                    email=email,
                    tenant_id=person_tenant(email),
                    expires_at=utcnow() + timedelta(seconds=settings.sign_in_ttl_seconds),
                )
            )
    except RateLimitedError as error:
        raise too_many_requests(error) from error
    minutes = max(1, int(settings.sign_in_ttl_seconds // 60))
    link = f"{settings.public_url}/sign-in/{token}"
    try:
        await deps.mailer.send(sign_in_email(settings.mail_from, email, link, minutes))
    except Exception as error:
        log.warning("sign_in.mail_failed", error=type(error).__name__)
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, "the email could not be sent; try again"
        ) from error
    return SignInSent(sent_to=email, expires_in_seconds=int(settings.sign_in_ttl_seconds))


def _page(title: str, body: str, status_code: int = 200) -> Response:
    html = (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>HotStack — {escape(title)}</title>\n"
        '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">\n'
        '<link rel="stylesheet" href="/static/app.css">\n</head>\n<body>\n'
        '<header class="bar"><a class="brand" href="/">HotStack</a></header>\n'
        f"<main>\n<h1>{escape(title)}</h1>\n{body}\n</main>\n</body>\n</html>\n"
    )
    return Response(
        html, status_code=status_code, media_type="text/html; charset=utf-8", headers=page_headers()
    )


_USED = (
    "That sign-in link was used already or has expired",
    '<p class="lede">Each link works once, for a few minutes.</p>'
    '<p><a href="/">Ask for a new one</a></p>',
)


async def _usable(deps: Dependencies, token: str) -> store.SignInLink | None:
    async with deps.sessions() as session:
        link = await session.get(store.SignInLink, _digest(token))
    if link is None or link.used_at is not None or as_utc(link.expires_at) <= utcnow():
        return None
    return link


@router.get(
    "/sign-in/{token}",
    response_class=Response,
    include_in_schema=False,
)
async def confirm_page(token: str, deps: Deps) -> Response:
    """The page an emailed link opens: a button that signs in (opening does not)."""
    link = await _usable(deps, token)
    if link is None:
        return _page(*_USED, status_code=status.HTTP_410_GONE)
    return _page(
        "Sign in to HotStack",
        f'<p class="lede">as {escape(link.email)}</p>'
        '<form method="post" action="/sign-in">'
        f'<input type="hidden" name="token" value="{escape(token)}">'
        '<button type="submit">Sign in</button></form>',
    )


@router.post(
    "/sign-in",
    status_code=status.HTTP_303_SEE_OTHER,
    response_class=Response,
    responses={
        303: {"description": "Signed in: the session cookie is set; on to the upload page"},
        410: served("The link was used already or has expired", "text/html"),
    },
)
async def sign_in(
    token: Annotated[str, Form(max_length=100)],
    request: Request,
    deps: Deps,
) -> Response:
    """Spend a sign-in link and start a session."""
    settings = deps.settings
    async with deps.transactions() as tx:
        # Spent by whichever request marks it first: a second one finds it used.
        links: Any = store.SignInLink.__table__  # type: ignore[attr-defined]
        spent = await tx.session.exec(
            sa.update(links)
            .where(
                links.c.token_sha256 == _digest(token),
                links.c.used_at.is_(None),
                links.c.expires_at > utcnow(),
            )
            .values(used_at=utcnow())
            .returning(links.c.email, links.c.tenant_id)
        )
        found = spent.first()
    if found is None:
        return _page(*_USED, status_code=status.HTTP_410_GONE)
    email, tenant = found
    ttl = timedelta(seconds=settings.session_ttl_seconds)
    session = mint_token(settings.auth_secret.get_secret_value(), tenant, ttl=ttl, email=email)
    response = Response(status_code=status.HTTP_303_SEE_OTHER, headers={"Location": "/"})
    response.set_cookie(
        SESSION_COOKIE,
        session,
        max_age=int(ttl.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=settings.public_url.startswith("https://"),
        path="/",
    )
    log.info("sign_in.signed_in", tenant=tenant)
    return response


@router.post("/api/sign-out", status_code=status.HTTP_204_NO_CONTENT)
async def sign_out(request: Request) -> Response:
    """End the browser's session (an API token is not affected)."""
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    return response


@router.get("/api/me", response_model=Me)
async def me(principal: UploadsReader) -> Me:
    """Who the session or token belongs to."""
    return Me(tenant=principal.tenant, email=principal.email)
