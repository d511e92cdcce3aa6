"""The build service on SQLite and PostgreSQL: reproducible artifacts, paths that cannot
escape a site, and publishing exactly once however often payment is reported."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import nats
import nats.js.errors
import pytest
import sqlalchemy as sa

from hotstack_build.bootstrap import create_app
from hotstack_build.settings import Settings
from hotstack_contracts import (
    BuildCompleted,
    BuildFailed,
    Envelope,
    SitePublished,
    SiteUnpublished,
)
from hotstack_libs.http import Runtime, service_of
from hotstack_tools.processes import NatsServer
from hotstack_tools.testing.builds import TENANT, build, build_service, intent_event, settlement
from hotstack_tools.testing.fakes import FakeBlobStore
from hotstack_tools.testing.services import auth

pytestmark = pytest.mark.integration


class CrashError(Exception):
    """The process dies mid-transaction."""


async def test_a_redelivered_spec_rebuilds_to_the_same_bytes(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    event = intent_event()
    async with build_service(database_url, nats_server.url, tmp_path) as (app, builder, blobs):
        runtime: Runtime[Any] = service_of(app).runtime

        # First delivery: rendered and stored, then the process dies before the commit.
        emitted: list[Envelope[Any]] = []

        async def first_delivery() -> None:
            async with runtime.transactions() as tx:
                await builder.on_intent_extracted(event, tx)
                emitted.extend(tx.emitted)
                raise CrashError

        with pytest.raises(CrashError):
            await first_delivery()
        first = next(e.data for e in emitted if isinstance(e.data, BuildCompleted))
        first_zip = blobs.blobs[first.artifact_key]
        # Redelivery: same build id, same slug, same artifact, byte for byte.
        second = await build(app, builder, event)
        assert second.build_id == first.build_id
        assert second.artifact_sha256 == first.artifact_sha256
        assert blobs.blobs[second.artifact_key] == first_zip


@pytest.mark.parametrize(
    "path",
    [
        "../../etc/passwd",
        "%2e%2e/%2e%2e/etc/passwd",
        "%252e%252e/%252e%252e/etc/passwd",
        "..%2f..%2fetc%2fpasswd",
        "..%5c..%5cetc%5cpasswd",
        "..\\..\\etc\\passwd",
        "/etc/passwd",
        "%2fetc%2fpasswd",
        "....//....//etc/passwd",
        "index.html%00.css",
        "C:%5cWindows%5cwin.ini",
    ],
)
async def test_path_traversal_variants_are_refused(
    path: str, database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    async with build_service(database_url, nats_server.url, tmp_path) as (app, builder, blobs):
        completed = await build(app, builder, intent_event())
        # A file another tenant might own, one level up from this build's site folder.
        blobs.blobs[f"{TENANT}/builds/{completed.build_id}/secret.txt"] = b"not for you"
        blobs.blobs["etc/passwd"] = b"root:x:0:0"
        prefix = f"/preview/{completed.build_id}/"
        raw = (prefix + path).encode()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            ok = await client.get(prefix + "index.html")
            assert ok.status_code == 200
            request = client.build_request("GET", "http://svc/")
            request.url = httpx.URL(raw_path=raw, scheme="http", host="svc")  # sent as written
            response = await client.send(request)
        assert response.status_code in (400, 404), response.text
        assert b"root:x" not in response.content
        assert b"not for you" not in response.content


async def test_a_payment_reported_twice_publishes_once(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    async with build_service(database_url, nats_server.url, tmp_path) as (app, builder, _):
        runtime: Runtime[Any] = service_of(app).runtime
        event = intent_event()
        completed = await build(app, builder, event)
        settled = settlement(completed, "pay_1")
        # The same fact reported by two events (a provider retry), each delivered twice.
        reports = [event.caused(settled, source="hotstack/payment", subject="pay_1") for _ in "ab"]
        for report in [*reports, *reports]:
            async with runtime.transactions() as tx:
                await builder.on_payment_settled(report, tx)
        async with runtime.engine.connect() as connection:
            published = (
                await connection.execute(
                    sa.text("SELECT count(*) FROM outbox WHERE subject = :s"),
                    {"s": SitePublished.subject},
                )
            ).scalar_one()
        assert published == 1
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            site = await client.get("/sites/lantern-books/")
            assert site.status_code == 200
            assert "Lantern Books" in site.text
            policy = site.headers["Content-Security-Policy"]
            assert "default-src 'none'" in policy
            assert "script-src" not in policy  # no script source at all: none may run
            assert "form-action 'self';" in policy  # forms post to HotStack beside the site
            assert "X-Robots-Tag" not in site.headers  # the published site is to be found
            assert "preview-ribbon" not in site.text
            preview = await client.get(f"/preview/{completed.build_id}/")
            assert preview.headers["X-Robots-Tag"] == "noindex"
            assert '<p class="preview-ribbon" role="note">Preview: this site is not' in preview.text
            styles = await client.get(f"/preview/{completed.build_id}/styles.css")
            assert styles.content == (await client.get("/sites/lantern-books/styles.css")).content
            assert preview.headers["Content-Security-Policy"] == policy
            missing = await client.get("/sites/lantern-books/nope")
            assert missing.status_code == 404
            assert "Page not found" in missing.text  # the site's own 404 page


async def test_the_tenant_takes_a_published_site_down_and_its_address_answers_410(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    async with build_service(database_url, nats_server.url, tmp_path) as (app, builder, _):
        runtime: Runtime[Any] = service_of(app).runtime
        event = intent_event("upl_gone")
        completed = await build(app, builder, event)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
            url = f"/api/builds/{completed.build_id}/unpublish"
            never = await client.post(url, headers=auth(TENANT))
            assert never.status_code == 409  # not published yet: nothing to take down
            settled = settlement(completed, "pay_gone")
            report = event.caused(settled, source="hotstack/payment", subject="pay_gone")
            async with runtime.transactions() as tx:
                await builder.on_payment_settled(report, tx)
            slug = (
                await client.get(f"/api/builds/{completed.build_id}", headers=auth(TENANT))
            ).json()["slug"]
            assert (await client.get(f"/sites/{slug}/")).status_code == 200

            stranger = await client.post(url, headers=auth("other"))
            assert stranger.status_code == 404
            assert (await client.get(f"/sites/{slug}/")).status_code == 200
            down = await client.post(url, headers=auth(TENANT))
            assert down.status_code == 200
            assert down.json()["status"] == "unpublished"
            assert down.json()["unpublished_at"] is not None
            again = await client.post(url, headers=auth(TENANT))
            assert again.json()["unpublished_at"] == down.json()["unpublished_at"]
            for path in ("", "index.html", "styles.css", "nope"):
                gone = await client.get(f"/sites/{slug}/{path}")
                assert gone.status_code == 410, path
                assert "This site is no longer online" in gone.text
                assert "<nav" not in gone.text  # no links to pages that are gone
            # A payment reported again does not put it back up.
            async with runtime.transactions() as tx:
                await builder.on_payment_settled(report, tx)
            assert (await client.get(f"/sites/{slug}/")).status_code == 410
        async with runtime.engine.connect() as connection:
            emitted = (
                await connection.execute(
                    sa.text("SELECT count(*) FROM outbox WHERE subject = :s"),
                    {"s": SiteUnpublished.subject},
                )
            ).scalar_one()
        assert emitted == 1


async def test_storage_down_on_every_delivery_ends_in_build_failed(
    database_url: str, fresh_nats: NatsServer, tmp_path: Path
) -> None:
    blobs = FakeBlobStore()
    blobs.fail_puts = True
    settings = Settings(
        database_url=database_url,
        nats_url=fresh_nats.url,
        state_dir=tmp_path,
        environment="test",
        max_deliver=2,
        nak_delays_seconds=(0.1,),
    )
    app = create_app(settings, blobs=blobs)
    event = intent_event()
    async with app.router.lifespan_context(app):
        runtime: Runtime[Any] = service_of(app).runtime
        client = await nats.connect(fresh_nats.url)
        try:
            for _ in range(100):  # the service creates the stream as it starts
                try:
                    await client.jetstream().publish(
                        event.type, event.to_json(), headers={"Nats-Msg-Id": event.id}
                    )
                    break
                except nats.js.errors.NoStreamResponseError:
                    await asyncio.sleep(0.1)
        finally:
            await client.close()

        async def failed() -> list[str]:
            async with runtime.engine.connect() as connection:
                rows = await connection.execute(
                    sa.text("SELECT payload FROM outbox WHERE subject = :s"),
                    {"s": BuildFailed.subject},
                )
                return [bytes(row[0]).decode() for row in rows]

        for _ in range(150):
            if await failed():
                break
            await asyncio.sleep(0.1)
        reports = await failed()
        assert len(reports) == 1
        assert "could not be built" in reports[0]
        assert "blob store unavailable" in reports[0]
        assert blobs.blobs == {}  # nothing half-published
