"""Uploads are the open door: the bad-input corpus, the size limit while streaming, the
per-tenant rate limit and orphan clean-up, on SQLite and PostgreSQL with a real nats-server.
"""

from __future__ import annotations

import asyncio
import contextlib
import resource
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.util import await_only

from hotstack_intent.bootstrap import create_app as create_intent
from hotstack_intent.settings import Settings as IntentSettings
from hotstack_libs.documents import MIB, Sandbox
from hotstack_libs.http import Runtime, service_of
from hotstack_libs.http.forms import spool_bytes
from hotstack_libs.store.ratelimit import Rate
from hotstack_tools.processes import NatsServer
from hotstack_tools.testing import postgres, services
from hotstack_tools.testing.fakes import FakeBlobStore
from hotstack_upload.bootstrap import create_app as create_upload
from hotstack_upload.service import (
    accept_upload,
    released_unless_committed,
    reserve_upload,
    sweep_orphans,
)
from hotstack_upload.settings import Settings as UploadSettings
from tests.corpus.bad_inputs import CASES, SIZE_LIMIT

pytestmark = pytest.mark.integration

UPLOAD_TABLES = ("files", "upload_sessions", "outbox", "pending_blobs")


@pytest.fixture
def intent_database_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """Intent's own store, on the same kind of database as the upload service's."""
    if database_url.startswith("postgresql"):
        with postgres.temporary_database("hotstack_intent") as url:
            yield url
    else:
        yield f"sqlite+aiosqlite:///{tmp_path / 'intent.db'}"


def upload_settings(
    database_url: str, nats_url: str, tmp_path: Path, **extra: Any
) -> UploadSettings:
    """Upload settings whose size limit is the bad-input corpus's."""
    return services.upload_settings(
        database_url, nats_url, tmp_path, **{"max_upload_bytes": SIZE_LIMIT, **extra}
    )


async def row_counts(app: FastAPI) -> dict[str, int]:
    runtime: Runtime[Any] = service_of(app).runtime
    async with runtime.engine.connect() as connection:
        return {
            table: int(
                (await connection.execute(sa.text(f"SELECT count(*) FROM {table}"))).scalar_one()
            )
            for table in UPLOAD_TABLES
        }


async def post_brief(
    client: httpx.AsyncClient, filename: str, data: bytes, tenant: str = "acme", **form: str
) -> httpx.Response:
    return await client.post(
        "/api/upload",
        data={"prompt": "Build me a website", **form},
        files={"file": (filename, data, "application/octet-stream")},
        headers=services.auth(tenant),
    )


async def test_bad_inputs_are_refused_at_upload_and_leave_nothing_behind(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    blobs = FakeBlobStore()
    settings = upload_settings(database_url, nats_server.url, tmp_path)
    app = create_upload(settings, blobs=blobs)
    cases = [case for case in CASES if case.at == "upload"]
    assert len(cases) >= 20
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    wrong: list[str] = []
    async with services.serving(app) as client:
        for case in cases:
            response = await post_brief(client, case.filename, case.make())
            detail = str(response.json().get("detail"))
            if response.status_code != case.expect or case.says not in detail:
                wrong.append(f"{case.id}: {response.status_code} {detail!r}")
        counts = await row_counts(app)
    assert wrong == []
    assert counts == dict.fromkeys(UPLOAD_TABLES, 0)
    assert blobs.blobs == {}
    # Bombs of 256 MiB went through; this process grew by far less than one of them.
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before
    assert grown < 96 * MIB


@asynccontextmanager
async def upload_and_intent(
    database_url: str, intent_database_url: str, nats_url: str, tmp_path: Path
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    """The upload and intent services, sharing one blob store, as HTTP clients."""
    blobs = FakeBlobStore()
    upload = create_upload(upload_settings(database_url, nats_url, tmp_path), blobs=blobs)
    intent = create_intent(
        IntentSettings(
            database_url=intent_database_url,
            nats_url=nats_url,
            state_dir=tmp_path,
            environment="test",
        ),
        blobs=blobs,
    )
    async with AsyncExitStack() as stack:
        client = await stack.enter_async_context(services.serving(upload))
        intents = await stack.enter_async_context(services.serving(intent))
        yield client, intents


async def test_unreadable_briefs_end_in_intent_failed_with_their_reason(
    database_url: str, intent_database_url: str, fresh_nats: NatsServer, tmp_path: Path
) -> None:
    cases = [case for case in CASES if case.at == "intent"]
    async with upload_and_intent(database_url, intent_database_url, fresh_nats.url, tmp_path) as (
        client,
        intents,
    ):
        accepted = {}
        for case in cases:
            response = await post_brief(client, case.filename, case.make())
            assert response.status_code == 201, (case.id, response.text)
            accepted[case.id] = response.json()["upload_id"]
        for case in cases:
            upload_id = accepted[case.id]
            status = await _settled(client, upload_id)
            assert status["status"] == "failed", case.id
            assert case.says in status["error"], (case.id, status["error"])
            assert "hotstack.intent.failed.v1" in [item["type"] for item in status["timeline"]]
            read = (
                await intents.get(f"/api/intents/{upload_id}", headers=services.auth("acme"))
            ).json()
            assert (read["status"], read["failure_code"]) == ("failed", case.expect), case.id
            assert read["spec"] is None


@pytest.mark.parametrize("key", ["", "   ", "k" * 256, "two words"])
async def test_an_empty_or_malformed_idempotency_key_is_refused_and_stores_nothing(
    database_url: str, nats_server: NatsServer, tmp_path: Path, key: str
) -> None:
    blobs = FakeBlobStore()
    app = create_upload(upload_settings(database_url, nats_server.url, tmp_path), blobs=blobs)
    async with services.serving(app) as client:
        for _ in range(2):  # the second empty key used to hit the unique index: a 500
            response = await client.post(
                "/api/upload",
                data={"prompt": "Build me a website"},
                files={"file": ("brief.md", b"# Blue Door\n\nSoup and bread.", "text/markdown")},
                headers={**services.auth("acme"), "Idempotency-Key": key},
            )
            assert response.status_code == 422, response.text
            assert "idempotency-key" in response.text.lower()
        counts = await row_counts(app)
    assert counts == dict.fromkeys(UPLOAD_TABLES, 0)
    assert blobs.blobs == {}


BRIEF_WITH_FACTS = b"""# Harbour Vets

Caring for the pets of Portland since 1998.

## Opening hours

Mon-Fri 8am-6pm, Sat 9am-1pm

## Contact

Call (503) 555-0142, or our emergency line (503) 555-0199 any time.
"""


async def test_the_intent_shows_each_fact_and_directive_with_where_it_came_from(
    database_url: str, intent_database_url: str, fresh_nats: NatsServer, tmp_path: Path
) -> None:
    async with upload_and_intent(database_url, intent_database_url, fresh_nats.url, tmp_path) as (
        client,
        intents,
    ):
        response = await post_brief(
            client,
            "vets.md",
            BRIEF_WITH_FACTS,
            prompt="A site for our vet clinic in navy and gold. Make the emergency line stand out.",
        )
        assert response.status_code == 201, response.text
        upload_id = response.json()["upload_id"]
        assert (await _settled(client, upload_id))["status"] == "building"
        read = (
            await intents.get(f"/api/intents/{upload_id}", headers=services.auth("acme"))
        ).json()
    facts = {(f["name"], f["value"]): f["source"] for f in read["intent"]["facts"]}
    emergency = facts[("phone", "+15035550199")]
    assert emergency["origin"] == "brief"
    assert emergency["at"].startswith("line ")
    assert "(503) 555-0199" in emergency["text"]
    assert facts[("business_name", "Harbour Vets")]["text"] == "Harbour Vets"
    assert ("hours", "Mon-Fri 8am-6pm, Sat 9am-1pm") in facts
    directives = {(d["kind"], d["value"]): d["source"] for d in read["intent"]["directives"]}
    assert directives[("colours", "navy,gold")]["origin"] == "prompt"
    assert (
        directives[("emphasis", "emergency_phone")]["text"] == "Make the emergency line stand out."
    )
    phones = read["intent"]["contact"]["phones"]
    assert {p["label"] for p in phones} == {"main", "emergency"}
    hours = [s for s in read["spec"]["pages"][0]["sections"] if s["kind"] == "hours"]
    assert hours[0]["week"][0] == {"day": "monday", "opens": "08:00:00", "closes": "18:00:00"}


async def _settled(client: httpx.AsyncClient, upload_id: str, within: float = 30.0) -> Any:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        status = (
            await client.get(f"/api/uploads/{upload_id}", headers=services.auth("acme"))
        ).json()
        if status["status"] in ("failed", "building"):
            return status
        assert asyncio.get_running_loop().time() < deadline, status
        await asyncio.sleep(0.1)


async def test_the_size_limit_stops_reading_a_body_that_keeps_coming(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    pulled = 0
    chunk = b"a" * (64 * 1024)
    boundary = "hotstackboundary"

    async def endless_form() -> AsyncIterator[bytes]:
        nonlocal pulled
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nsite\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            'filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n'
        ).encode()
        yield head
        for _ in range(1600):  # 100 MiB if nobody stops us
            pulled += len(chunk)
            yield chunk

    blobs = FakeBlobStore()
    app = create_upload(upload_settings(database_url, nats_server.url, tmp_path), blobs=blobs)
    async with services.serving(app) as client:
        response = await client.post(
            "/api/upload",
            content=endless_form(),
            headers={
                **services.auth("acme"),
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
        assert response.status_code == 413
        assert f"{SIZE_LIMIT}-byte limit" in response.json()["detail"]
        assert pulled < SIZE_LIMIT + 1 * MIB  # stopped near the limit, not at 100 MiB
        declared = await client.post(
            "/api/upload",
            content=b"x",
            headers={
                **services.auth("acme"),
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Content-Length": str(50 * MIB),
            },
        )
        assert declared.status_code == 413  # refused from the header alone
        assert await row_counts(app) == dict.fromkeys(UPLOAD_TABLES, 0)
        accepted = await post_brief(client, "brief.md", b"# Pottery\n\nMugs and bowls.")
        assert accepted.status_code == 201
    assert list(blobs.blobs.values()) == [b"# Pottery\n\nMugs and bowls."]
    assert list((tmp_path / "spool").iterdir()) == []  # nothing spooled is left behind


async def test_uploads_are_rate_limited_per_tenant(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    settings = upload_settings(
        database_url, nats_server.url, tmp_path, rate_burst=3, rate_per_minute=6
    )
    app = create_upload(settings, blobs=FakeBlobStore())
    async with services.serving(app) as client:
        statuses = [
            (await post_brief(client, "brief.md", f"# Brief {i}".encode())).status_code
            for i in range(3)
        ]
        assert statuses == [201, 201, 201]
        limited = await post_brief(client, "brief.md", b"# One too many")
        assert limited.status_code == 429
        assert 1 <= int(limited.headers["Retry-After"]) <= 10  # 6/min: a token every 10 s
        assert "too many uploads" in limited.json()["detail"]
        # Concurrent attempts cannot overspend the bucket either.
        burst = await asyncio.gather(
            *(post_brief(client, "brief.md", b"# Again", tenant="globex") for _ in range(6))
        )
        assert sorted(r.status_code for r in burst) == [201, 201, 201, 429, 429, 429]
        # Another tenant has its own allowance.
        assert (
            await post_brief(client, "brief.md", b"# Mine", tenant="initech")
        ).status_code == 201
        counts = await row_counts(app)
    assert counts["upload_sessions"] == 7


class CrashingBlobs(FakeBlobStore):
    """Stores the bytes, then the process 'dies': nothing after the put can run."""

    async def put(self, key: str, data: bytes, content_type: str = "") -> None:
        await super().put(key, data, content_type)
        raise ConnectionError("process killed after the blob was written")

    async def delete(self, key: str) -> None:
        raise ConnectionError("process killed: no clean-up either")


async def test_an_upload_that_dies_after_its_blob_is_swept_later(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    crashing = CrashingBlobs()
    app = create_upload(upload_settings(database_url, nats_server.url, tmp_path), blobs=crashing)
    async with app.router.lifespan_context(app):
        runtime: Runtime[Any] = service_of(app).runtime
        documents: Sandbox = service_of(app).dependencies.documents
        reservation = await reserve_upload(runtime.transactions, "acme", Rate(60, 10))
        with pytest.raises(ConnectionError):
            async with released_unless_committed(reservation, runtime.transactions, crashing):
                await accept_upload(
                    runtime.transactions,
                    crashing,
                    documents,
                    reservation,
                    brief=spool_bytes("brief.md", b"# A brief that never lands", tmp_path),
                    prompt="a site",
                    contact_email=None,
                    idempotency_key=None,
                    max_prompt_chars=100,
                )
        counts = await row_counts(app)
        assert counts == {"files": 0, "upload_sessions": 0, "outbox": 0, "pending_blobs": 1}
        assert len(crashing.blobs) == 1  # the orphan

        # After restart, the sweeper (with a working blob store) removes it once it is stale.
        healthy = FakeBlobStore()
        healthy.blobs = crashing.blobs
        assert await sweep_orphans(runtime.transactions, healthy, timedelta(minutes=5)) == 0
        assert len(healthy.blobs) == 1  # still within its grace period: maybe in flight
        assert await sweep_orphans(runtime.transactions, healthy, timedelta(0)) == 1
        assert healthy.blobs == {}
        assert (await row_counts(app))["pending_blobs"] == 0


class CheckingBlobs(FakeBlobStore):
    """Notes, at each put, whether the key's pending row was committed: read on a
    connection of its own that sees only committed rows and never waits for a writer."""

    def __init__(self, database_url: str) -> None:
        super().__init__()
        self.database_url = database_url
        self.pending_at_put: dict[str, int] = {}

    async def committed_rows(self, key: str) -> int:
        query = "SELECT count(*) FROM pending_blobs WHERE blob_key = "
        if self.database_url.startswith("sqlite"):
            path = self.database_url.split(":///", 1)[1]

            def read() -> int:
                with contextlib.closing(sqlite3.connect(path)) as connection:
                    return int(connection.execute(query + "?", (key,)).fetchone()[0])

            return await asyncio.to_thread(read)
        connection = await asyncpg.connect(self.database_url.replace("+asyncpg", ""))
        try:
            return int(await connection.fetchval(query + "$1", key))
        finally:
            await connection.close()

    async def put(self, key: str, data: bytes, content_type: str = "") -> None:
        self.pending_at_put[key] = await self.committed_rows(key)
        await super().put(key, data, content_type)


async def test_a_brief_is_stored_only_once_its_pending_row_is_committed(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    # The reservation's commit goes on while the body arrives; here every commit takes
    # 0.2 s more, so a put that did not wait for it would find no committed row.
    blobs = CheckingBlobs(database_url)
    app = create_upload(upload_settings(database_url, nats_server.url, tmp_path), blobs=blobs)

    def slow_commit(_: Any) -> None:
        await_only(asyncio.sleep(0.2))

    async with app.router.lifespan_context(app):
        engine = service_of(app).runtime.engine.sync_engine
        sa.event.listen(engine, "commit", slow_commit)
        try:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://u") as client:
                response = await post_brief(client, "brief.md", b"# Pottery\n\nMugs and bowls.")
        finally:
            sa.event.remove(engine, "commit", slow_commit)
        counts = await row_counts(app)
    assert response.status_code == 201, response.text
    assert list(blobs.pending_at_put.values()) == [1]
    assert counts["pending_blobs"] == 0  # removed by the upload's own commit
