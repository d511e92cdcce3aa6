"""Revisions on SQLite and PostgreSQL: the payment follows a revision's build before it is
paid and charges only added pages after (docs/decisions/0007); a revision is published at
the same address, and a rollback puts an earlier build back byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from hotstack_build.domain.forms import as_stored
from hotstack_contracts import (
    Envelope,
    Page,
    PaymentFailed,
    PaymentRequested,
    PaymentSettled,
    SitePublished,
    TextSection,
    UploadRevised,
    new_id,
)
from hotstack_libs.http import Runtime, service_of
from hotstack_payment.service import PaymentDesk
from hotstack_tools.processes import NatsServer
from hotstack_tools.testing.builds import TENANT, build, build_service, intent_event, settlement
from hotstack_tools.testing.factories import build_completed, upload_received
from hotstack_tools.testing.fakes import FakeBlobStore
from hotstack_tools.testing.services import auth, eventually, running
from hotstack_upload.handlers import record_pipeline_event

pytestmark = pytest.mark.integration


async def apply(app: FastAPI, handler: Any, event: Envelope[Any]) -> list[Envelope[Any]]:
    """Apply an event as the consumer would; what it emitted."""
    runtime: Runtime[Any] = service_of(app).runtime
    async with runtime.transactions() as tx:
        await handler(event, tx)
        return list(tx.emitted)


async def test_the_payment_follows_a_revision_then_charges_only_the_pages_it_adds(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    async with running("payment", database_url, nats_server.url, tmp_path) as (app, client):
        settings = service_of(app).runtime.settings
        desk = PaymentDesk(
            settings.public_url,
            settings.checkout_key,
            settings.base_price_grains,
            settings.price_per_page_grains,
            settings.expires_after_seconds,
        )
        uploaded = upload_received(TENANT)
        first = build_completed(uploaded, site_name="Harbour Bakery", page_count=3)
        [asked] = await apply(app, desk.on_build_completed, first)
        assert isinstance(asked.data, PaymentRequested)
        assert asked.data.total_grains == 9085  # 4900 + 3 x 1000, and the Care Loop

        # Before payment, a revision with one more page: the same payment, re-quoted.
        revised = build_completed(uploaded, site_name="Harbour Bakery", page_count=4)
        [again] = await apply(app, desk.on_build_completed, revised)
        assert again.data.payment_id == asked.data.payment_id
        assert again.data.build_id == revised.data.build_id
        assert (again.data.amount_grains, again.data.total_grains) == (8900, 10235)
        assert again.data.checkout_url == asked.data.checkout_url
        url = f"/api/payments/{asked.data.payment_id}"
        body = (await client.get(url, headers=auth(TENANT))).json()
        assert body["build_id"] == revised.data.build_id
        assert "revision" in body["transitions"][-1]["cause"]
        paid = await client.post(
            f"{url}/confirm",
            json={"card_number": "4242 4242 4242 4242"},
            headers={**auth(TENANT), "Idempotency-Key": "pay-once"},
        )
        assert paid.json()["status"] == "succeeded"
        assert paid.json()["total_grains"] == 10235

        # After payment, a revision with the same pages: included, settled at once.
        same = build_completed(uploaded, site_name="Harbour Bakery", page_count=4)
        [settled] = await apply(app, desk.on_build_completed, same)
        assert isinstance(settled.data, PaymentSettled)
        assert settled.data.build_id == same.data.build_id
        assert (settled.data.total_grains, settled.data.provider) == (0, "included")
        assert settled.data.payment_id != asked.data.payment_id
        # One that adds two pages: those two, at a new checkout.
        bigger = build_completed(uploaded, site_name="Harbour Bakery", page_count=6)
        [extra] = await apply(app, desk.on_build_completed, bigger)
        assert isinstance(extra.data, PaymentRequested)
        assert (extra.data.amount_grains, extra.data.care_loop_grains) == (2000, 300)
        assert await apply(app, desk.on_build_completed, bigger) == []  # quoted once
        included = (
            await client.get(f"/api/payments/{settled.data.payment_id}", headers=auth(TENANT))
        ).json()
        assert included["status"] == "succeeded"
        assert included["postings"] == []  # no money moved


def with_page(event: Envelope[Any], title: str) -> Envelope[Any]:
    """The same intent, read again for a revision: one more page."""
    spec = event.data.spec
    page = Page(slug="news", title=title, sections=[TextSection(heading=title, body="New.")])
    data = event.data.model_copy(
        update={"spec": spec.model_copy(update={"pages": [*spec.pages, page]}), "revision": 1}
    )
    return Envelope.new(
        data, source="hotstack/intent", tenant=TENANT, correlation_id=data.upload_id, subject="i2"
    )


async def site_bytes(client: httpx.AsyncClient, slug: str, paths: list[str]) -> dict[str, str]:
    """The SHA-256 of each file the site serves, as stored (a page's fresh form token put
    back to its slot)."""
    return {
        path: hashlib.sha256(
            as_stored((await client.get(f"/sites/{slug}/{path}")).content)
        ).hexdigest()
        for path in paths
    }


async def test_a_revision_republishes_at_the_same_address_and_rollback_restores_the_first(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    async with build_service(database_url, nats_server.url, tmp_path) as (app, builder, _):
        runtime: Runtime[Any] = service_of(app).runtime
        event = intent_event("upl_rev")
        first = await build(app, builder, event)
        report = event.caused(settlement(first, "pay_1"), source="hotstack/payment", subject="p1")
        [published] = await apply(app, builder.on_payment_settled, report)
        slug = published.data.slug
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            owner = auth(TENANT)
            files = [
                f["path"]
                for f in (
                    await client.get(f"/api/builds/{first.build_id}/files", headers=owner)
                ).json()
            ]
            before = await site_bytes(client, slug, files)

            revision = with_page(event, "News")
            second = await build(app, builder, revision)
            assert second.build_id != first.build_id
            assert second.preview_url.endswith(f"/preview/{second.build_id}/")
            # Built for the same address, not yet live: visitors still get the first.
            assert (await client.get(f"/sites/{slug}/news.html")).status_code == 404
            paid = event.caused(
                settlement(second, "pay_2"), source="hotstack/payment", subject="p2"
            )
            [republished] = await apply(app, builder.on_payment_settled, paid)
            assert isinstance(republished.data, SitePublished)
            assert (republished.data.slug, republished.data.build_id) == (slug, second.build_id)
            assert (await client.get(f"/sites/{slug}/news.html")).status_code == 200

            assert (await client.get(f"/api/sites/{slug}", headers=auth("x"))).status_code == 404
            site = (await client.get(f"/api/sites/{slug}", headers=owner)).json()
            assert site["live_build_id"] == second.build_id
            assert [v["build_id"] for v in site["versions"]] == [first.build_id, second.build_id]
            assert [v["live"] for v in site["versions"]] == [False, True]

            # Rollback: the first build, byte for byte.
            url = f"/api/sites/{slug}/rollback"
            stranger = await client.post(url, json={"build_id": first.build_id}, headers=auth("x"))
            assert stranger.status_code == 404
            back = await client.post(url, json={"build_id": first.build_id}, headers=owner)
            assert back.status_code == 200, back.text
            assert back.json()["live_build_id"] == first.build_id
            assert await site_bytes(client, slug, files) == before
            assert (await client.get(f"/sites/{slug}/news.html")).status_code == 404
            unknown = await client.post(url, json={"build_id": "bld_nope"}, headers=owner)
            assert unknown.status_code == 409
            # The site taken down answers 410 whichever build is live.
            await client.post(f"/api/builds/{second.build_id}/unpublish", headers=owner)
            assert (await client.get(f"/sites/{slug}/")).status_code == 410
        async with runtime.engine.connect() as connection:
            published_count = (
                await connection.execute(
                    sa.text("SELECT count(*) FROM outbox WHERE subject = :s"),
                    {"s": SitePublished.subject},
                )
            ).scalar_one()
        assert published_count == 3  # first, revision, rollback


async def test_a_tenant_revises_an_upload_with_a_prompt_and_a_new_brief(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    blobs = FakeBlobStore()
    async with running("upload", database_url, nats_server.url, tmp_path, blobs) as (app, client):
        runtime: Runtime[Any] = service_of(app).runtime
        files = {"file": ("brief.md", b"# Harbour Bakery\n\nBread daily.", "text/markdown")}
        created = await client.post(
            "/api/upload", data={"prompt": "A bakery site"}, files=files, headers=auth(TENANT)
        )
        upload_id = created.json()["upload_id"]
        url = f"/api/uploads/{upload_id}/revisions"
        prompt_only = {"prompt": (None, "Make it blue")}
        early = await client.post(url, files=prompt_only, headers=auth(TENANT))
        assert early.status_code == 409  # still being read: nothing to revise yet
        assert "revise it once its preview is ready" in early.json()["detail"]

        async with runtime.engine.begin() as connection:
            await connection.execute(
                sa.text("UPDATE upload_sessions SET status = 'awaiting_payment'")
            )
        stranger = await client.post(url, files=prompt_only, headers=auth("other"))
        assert stranger.status_code == 404
        headers = {**auth(TENANT), "Idempotency-Key": "rev-1"}
        first = await client.post(url, files=prompt_only, headers=headers)
        assert first.status_code == 201, first.text
        assert (first.json()["revision"], first.json()["status"]) == (1, "revising")
        replay = await client.post(url, files=prompt_only, headers=headers)
        assert replay.json()["revision"] == 1
        assert replay.headers["Idempotent-Replayed"] == "true"
        busy = await client.post(url, files=prompt_only, headers=auth(TENANT))
        assert busy.status_code == 409  # one revision at a time

        async def revision_on_timeline() -> bool:
            status = await client.get(f"/api/uploads/{upload_id}", headers=auth(TENANT))
            return UploadRevised.subject in {item["type"] for item in status.json()["timeline"]}

        # Once the upload's own consumer has seen the revision, its site goes live (as the
        # pipeline would have it), and it can be revised again.
        await eventually(revision_on_timeline)
        async with runtime.engine.begin() as connection:
            await connection.execute(sa.text("UPDATE upload_sessions SET status = 'published'"))
        new_brief: dict[str, Any] = {
            "prompt": (None, "Add our new café"),
            "file": ("brief.md", b"# Harbour Bakery\n\nBread and a cafe.", "text/markdown"),
        }
        second = await client.post(url, files=new_brief, headers=auth(TENANT))
        assert second.status_code == 201, second.text
        assert second.json()["revision"] == 2
        bad: dict[str, Any] = {"prompt": (None, "x"), "file": ("brief.doc", b"x", "text/plain")}
        assert (await client.post(url, files=bad, headers=auth(TENANT))).status_code == 415
        status = (await client.get(f"/api/uploads/{upload_id}", headers=auth(TENANT))).json()
        assert [r["prompt"] for r in status["revisions"]] == ["Make it blue", "Add our new café"]
        assert status["revisions"][0]["file_id"] == created.json()["file_id"]
        assert status["revisions"][1]["file_id"] != created.json()["file_id"]
        async with runtime.engine.connect() as connection:
            rows = (
                await connection.execute(
                    sa.text("SELECT payload FROM outbox WHERE subject = :s ORDER BY id"),
                    {"s": UploadRevised.subject},
                )
            ).all()
        assert len(rows) == 2
        assert len(blobs.blobs) == 2  # the first brief and the second; nothing of the refused


async def test_a_revision_that_cannot_finish_leaves_the_live_site_published(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    async with running("upload", database_url, nats_server.url, tmp_path) as (app, client):
        runtime: Runtime[Any] = service_of(app).runtime
        files = {"file": ("brief.md", b"# Harbour Bakery\n\nBread daily.", "text/markdown")}
        created = await client.post(
            "/api/upload", data={"prompt": "A bakery site"}, files=files, headers=auth(TENANT)
        )
        upload_id = created.json()["upload_id"]
        uploaded = upload_received(TENANT)
        ended = uploaded.caused(
            PaymentFailed(
                payment_id="pay_x",
                build_id="bld_x",
                upload_id=upload_id,
                code="expired",
                reason="the payment for the new pages expired",
            ),
            source="hotstack/payment",
            subject="pay_x",
        )
        ended = ended.model_copy(update={"correlationid": upload_id})

        async def after_failure(revision: int) -> dict[str, Any]:
            async with runtime.engine.begin() as connection:
                await connection.execute(
                    sa.text(
                        "UPDATE upload_sessions SET status = 'awaiting_payment', "
                        "site_url = 'http://h/sites/harbour-bakery/', revision = :r, error = NULL"
                    ),
                    {"r": revision},
                )
            await apply(app, record_pipeline_event, ended.model_copy(update={"id": new_id("evt")}))
            body: dict[str, Any] = (
                await client.get(f"/api/uploads/{upload_id}", headers=auth(TENANT))
            ).json()
            return body

        revised = await after_failure(1)
        assert revised["status"] == "published"  # the site it had is still up
        assert revised["error"] == "the payment for the new pages expired"
        assert (await after_failure(0))["status"] == "failed"  # no revision: the upload ends
