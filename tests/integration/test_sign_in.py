"""Signing a person in by an emailed link, on SQLite and PostgreSQL: the link works once
and for a while, is kept only as a hash, is rate-limited per address; the session cookie
it sets reaches the person's own uploads only, and cannot be used by another site."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from hotstack_libs.auth import SESSION_COOKIE
from hotstack_libs.http import Runtime, service_of
from hotstack_tools.processes import NatsServer
from hotstack_tools.testing.services import running
from hotstack_upload.store import SignInLink

pytestmark = pytest.mark.integration


class Outbox:
    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    async def send(self, message: EmailMessage) -> None:
        self.sent.append(message)

    def link_to(self, address: str) -> str:
        message = next(m for m in reversed(self.sent) if m["To"] == address)
        body = message.get_body(("plain",))
        assert body is not None
        found = re.search(r"https?://\S+/sign-in/(\S+)", body.get_content())
        assert found is not None
        return found.group(1)


async def signed_in(client: httpx.AsyncClient, mail: Outbox, address: str) -> str:
    """Ask for a link, open it, press the button; the session cookie."""
    asked = await client.post("/api/sign-in", json={"email": address})
    assert asked.status_code == 202, asked.text
    token = mail.link_to(address)
    page = await client.get(f"/sign-in/{token}")
    assert page.status_code == 200
    assert "Sign in" in page.text  # opening the link alone does not sign in
    answer = await client.post("/sign-in", data={"token": token})
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    session = answer.cookies[SESSION_COOKIE]
    client.cookies.clear()
    return session


async def test_a_person_signs_in_by_link_once_and_sees_only_their_own_uploads(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    mail = Outbox()
    async with running("upload", database_url, nats_server.url, tmp_path, mailer=mail) as (
        app,
        client,
    ):
        runtime: Runtime[Any] = service_of(app).runtime
        ana = await signed_in(client, mail, "ana@example.com")
        token = mail.link_to("ana@example.com")
        async with runtime.engine.connect() as connection:
            stored = (
                (await connection.execute(sa.text("SELECT token_sha256 FROM sign_in_links")))
                .scalars()
                .all()
            )
        assert hashlib.sha256(token.encode()).hexdigest() in stored
        assert token not in stored  # only its hash is kept
        spent = await client.post("/sign-in", data={"token": token})
        assert spent.status_code == 410  # a link works once
        assert (await client.get(f"/sign-in/{token}")).status_code == 410

        as_ana = {"Cookie": f"{SESSION_COOKIE}={ana}"}
        me = await client.get("/api/me", headers=as_ana)
        assert me.json()["email"] == "ana@example.com"
        assert me.json()["tenant"].startswith("p-")
        brief = {"file": ("brief.md", b"# Harbour Bakery\n\nBread daily.", "text/markdown")}
        form = {"prompt": "A bakery site"}
        elsewhere = await client.post(
            "/api/upload",
            data=form,
            files=brief,
            headers={**as_ana, "Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
        )
        assert elsewhere.status_code == 403  # another site cannot act for Ana's browser
        created = await client.post(
            "/api/upload",
            data=form,
            files=brief,
            headers={**as_ana, "Sec-Fetch-Site": "same-origin"},
        )
        assert created.status_code == 201, created.text
        upload_id = created.json()["upload_id"]
        listed = (await client.get("/api/uploads", headers=as_ana)).json()
        assert [u["upload_id"] for u in listed["items"]] == [upload_id]

        bob = await signed_in(client, mail, "bob@example.com")
        as_bob = {"Cookie": f"{SESSION_COOKIE}={bob}"}
        assert (await client.get("/api/uploads", headers=as_bob)).json()["items"] == []
        other = await client.get(f"/api/uploads/{upload_id}", headers=as_bob)
        assert other.status_code == 404
        assert (await client.post("/api/sign-out", headers=as_bob)).status_code == 204


async def test_links_expire_and_an_address_gets_only_a_few(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    mail = Outbox()
    async with running("upload", database_url, nats_server.url, tmp_path, mailer=mail) as (
        app,
        client,
    ):
        runtime: Runtime[Any] = service_of(app).runtime
        for _ in range(3):
            answer = await client.post("/api/sign-in", json={"email": "cy@example.com"})
            assert answer.status_code == 202
        flooded = await client.post("/api/sign-in", json={"email": "CY@example.com"})
        assert flooded.status_code == 429
        assert int(flooded.headers["Retry-After"]) >= 1
        assert len(mail.sent) == 3
        assert (
            await client.post("/api/sign-in", json={"email": "not-an-address"})
        ).status_code == 422
        token = mail.link_to("cy@example.com")
        async with runtime.engine.begin() as connection:
            await connection.execute(
                sa.update(SignInLink).values(expires_at=datetime(2000, 1, 1, tzinfo=UTC))
            )
        assert (await client.get(f"/sign-in/{token}")).status_code == 410
        assert (await client.post("/sign-in", data={"token": token})).status_code == 410
