"""Hosted forms on SQLite and PostgreSQL: every kind of form on a published site reaches
HotStack, is stored and emitted once; robots, hurried posts, bad answers and floods are
refused with the site's own page and leave nothing behind; the owner lists and exports
what came in, and nobody else can."""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from hotstack_build.domain.forms import form_token
from hotstack_contracts import FormKind, FormSubmitted, Page, standard_form
from hotstack_libs.http import Runtime, service_of
from hotstack_tools.processes import NatsServer
from hotstack_tools.testing.builds import TENANT, build, build_service, intent_event, settlement
from hotstack_tools.testing.services import auth

pytestmark = pytest.mark.integration

ANSWERS = {
    "name": "Ana López",
    "email": "ana@example.com",
    "phone": "+44 20 7946 0000",
    "message": '=HYPERLINK("http://evil") Do you have signed copies?',
    "date": "2027-03-14",
    "time": "19:30",
    "people": "3",
    "topic": "A reading for our book club",
    "amount": "25",
}
_FORM = re.compile(
    r'<form class="form" method="post" action="\./">\s*'
    r'<input type="hidden" name="_form" value="([a-z0-9-]+)">(.*?)</form>',
    re.S,
)


def forms_on(page: str) -> dict[str, list[str]]:
    """Each form of a page by its key, with the names of its other fields (token and trap
    too)."""
    return {key: re.findall(r'name="([a-z_]+)"', body) for key, body in _FORM.findall(page)}


async def count(app: FastAPI, sql: str) -> int:
    runtime: Runtime[Any] = service_of(app).runtime
    async with runtime.engine.connect() as connection:
        return int((await connection.execute(sa.text(sql))).scalar_one())


async def published_with_every_form(app: FastAPI, builder: Any) -> tuple[str, str]:
    """A published site with a page holding one form of each kind; its slug and build id."""
    event = intent_event("upl_forms")
    spec = event.data.spec
    ask = Page(
        slug="ask",
        title="Ask us",
        sections=[standard_form(kind, party=True) for kind in FormKind],
    )
    event = event.model_copy(
        update={
            "data": event.data.model_copy(
                update={"spec": spec.model_copy(update={"pages": [*spec.pages, ask]})}
            )
        }
    )
    completed = await build(app, builder, event)
    runtime: Runtime[Any] = service_of(app).runtime
    report = event.caused(settlement(completed, "pay_f"), source="hotstack/payment", subject="p")
    async with runtime.transactions() as tx:
        await builder.on_payment_settled(report, tx)
    return completed.build_id, "lantern-books"


async def test_each_kind_of_form_is_stored_emitted_listed_and_exported(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    async with build_service(database_url, nats_server.url, tmp_path) as (app, builder, _):
        build_id, slug = await published_with_every_form(app, builder)
        key = service_of(app).runtime.settings.form_key()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            page = await client.get(f"/sites/{slug}/ask.html")
            assert page.headers["Cache-Control"] == "no-store"  # a fresh token each time
            assert "ETag" not in page.headers
            assert "hotstack-form-token" not in page.text
            forms = forms_on(page.text)  # the brief's own contact form is on another page
            assert sorted(k.split("-")[0] for k in forms) == sorted(kind.value for kind in FormKind)
            token = form_token(key, slug, time.time() - 10)  # the page was opened 10 s ago
            for form_key, names in forms.items():
                assert names[:2] == ["_token", "url"]  # the token, then the trap
                answers = {name: ANSWERS[name] for name in names[2:]}
                sent = await client.post(
                    f"/sites/{slug}/",
                    data={"_form": form_key, "_token": token, "url": "", **answers},
                )
                assert sent.status_code == 303, (form_key, sent.text)
                assert sent.headers["Location"] == f"/sites/{slug}/sent.html"
            thanks = await client.get(f"/sites/{slug}/sent.html")
            assert "Thank you, it is sent" in thanks.text

            # The owner's list, a page at a time, newest first; the CSV, oldest first.
            owner = auth(TENANT)
            first = (
                await client.get(f"/api/sites/{slug}/submissions?limit=4", headers=owner)
            ).json()
            assert len(first["items"]) == 4
            rest = (
                await client.get(
                    f"/api/sites/{slug}/submissions?limit=4&before={first['next_before']}",
                    headers=owner,
                )
            ).json()
            assert rest["next_before"] is None
            listed = [*first["items"], *rest["items"]]
            assert [s["form"] for s in reversed(listed)] == list(forms)
            booking = next(s for s in listed if s["form"] == "booking")
            assert {f["name"]: f["value"] for f in booking["fields"]}["people"] == "3"
            assert booking["build_id"] == build_id
            export = await client.get(f"/api/sites/{slug}/submissions.csv", headers=owner)
            assert export.headers["content-type"] == "text/csv; charset=utf-8"
            rows = list(csv.reader(io.StringIO(export.text)))
            assert rows[0][:4] == ["submission_id", "submitted_at", "form", "Your name"]
            assert [row[2] for row in rows[1:]] == list(forms)
            assert '\'=HYPERLINK("http://evil") Do you have signed copies?' in rows[1]
            for path in ("submissions", "submissions.csv"):
                stranger = await client.get(f"/api/sites/{slug}/{path}", headers=auth("other"))
                assert stranger.status_code == 404
        assert await count(app, "SELECT count(*) FROM form_submissions") == len(FormKind)
        emitted = f"SELECT count(*) FROM outbox WHERE subject = '{FormSubmitted.subject}'"
        assert await count(app, emitted) == len(FormKind)


async def test_robots_hurried_posts_bad_answers_and_floods_leave_nothing_behind(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    async with build_service(database_url, nats_server.url, tmp_path) as (app, builder, _):
        build_id, slug = await published_with_every_form(app, builder)
        key = service_of(app).runtime.settings.form_key()
        # The "ask" page's contact form (the brief's own is on another page).
        contact = {"_form": "contact-2", "_token": form_token(key, slug, time.time() - 10)}
        contact |= ANSWERS
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            url = f"/sites/{slug}/"

            async def refused(status: int, words: str, **changed: Any) -> httpx.Response:
                answer = await client.post(url, data={**contact, **changed})
                assert answer.status_code == status, answer.text
                assert words in answer.text  # the site's own page, saying why
                assert 'href="ask.html#' in answer.text  # and the way back to the form
                return answer

            await refused(400, "The form has expired", url="http://spam.example")
            await refused(400, "too quickly", _token=form_token(key, slug, time.time()))
            await refused(400, "The form has expired", _token=form_token(key, "other", 0))
            await refused(400, "The form has expired", _token="")
            await refused(422, "Please fill in “Your name”", name="  ")
            await refused(422, "“Your email” is not an email address", email="ana@")
            as_json = await client.post(url, json=contact)
            assert as_json.status_code == 415
            huge = await client.post(url, data={**contact, "message": "x" * 70_000})
            assert huge.status_code == 413
            unknown = await client.post(url, data={**contact, "_form": "nope"})
            assert unknown.status_code == 404
            assert unknown.json()["detail"] == "the site has no such form"
            assert (await client.post("/sites/nobody/", data=contact)).status_code == 404
            preview = await client.post(f"/preview/{build_id}/", data=contact)
            assert preview.status_code == 409
            assert "forms are delivered once the site is published" in preview.text
            assert await count(app, "SELECT count(*) FROM form_submissions") == 0

            # One visitor may send a few; then they wait (the site's own allowance is larger).
            for _ in range(6):
                assert (await client.post(url, data=contact)).status_code == 303
            flood = await refused(429, "Too many forms were sent from here")
            assert int(flood.headers["Retry-After"]) >= 1

            # A site taken down takes no more forms.
            await client.post(f"/api/builds/{build_id}/unpublish", headers=auth(TENANT))
            assert (await client.post(url, data=contact)).status_code == 410
        assert await count(app, "SELECT count(*) FROM form_submissions") == 6
        emitted = f"SELECT count(*) FROM outbox WHERE subject = '{FormSubmitted.subject}'"
        assert await count(app, emitted) == 6
