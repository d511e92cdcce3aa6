"""Each service migrates and serves on SQLite and PostgreSQL, wired to a real nats-server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from hotstack_libs.auth import mint_token
from hotstack_libs.http import Runtime, service_of
from hotstack_tools.processes import NatsServer
from hotstack_tools.testing.fakes import FakeBlobStore
from hotstack_tools.testing.services import auth, eventually, running

pytestmark = pytest.mark.integration

TABLES = {
    "upload": {"files", "upload_sessions", "upload_events", "upload_revisions"},
    "intent": {"intents"},
    "build": {
        "builds",
        "build_steps",
        "generated_files",
        "sites",
        "form_submissions",
        "form_buckets",
    },
    "payment": {"payments", "payment_transitions", "idempotency_keys"},
    "ledger": {"ledger_entries", "ledger_heads", "ledger_nodes", "ledger_checkpoints"},
    "notifier": {"contacts", "notifications"},
}


@pytest.mark.parametrize("service", sorted(TABLES))
async def test_service_migrates_and_reports_ready(
    service: str, database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    async with running(service, database_url, nats_server.url, tmp_path) as (app, client):

        async def ready() -> bool:
            return (await client.get("/health/ready")).status_code == 200

        await eventually(ready)
        body = (await client.get("/health/ready")).json()
        assert body["checks"] == {"nats": "ok", "database": "ok", "blobs": "ok"}
        runtime: Runtime[Any] = service_of(app).runtime
        async with runtime.engine.connect() as connection:
            names = await connection.run_sync(lambda c: set(sa.inspect(c).get_table_names()))
        assert TABLES[service] | {"outbox", "inbox", "alembic_version"} <= names
        metrics = await client.get("/metrics")
        assert f'route="/health/ready",service="{service}",status="200"' in metrics.text
        assert metrics.headers["content-type"].startswith("text/plain")
        document = (await client.get("/openapi.json")).json()
        assert_documents_problems(document)
        missing = await client.get("/api/nowhere")
        assert missing.headers["content-type"] == "application/problem+json"
        assert missing.json()["status"] == 404


def assert_documents_problems(document: dict[str, Any]) -> None:
    """What the OpenAPI says of errors and metrics is what the service serves."""
    assert "HTTPValidationError" not in document["components"]["schemas"]
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            answers = operation["responses"]
            assert answers["4XX"]["content"] == problem, (method, path)
            if "422" in answers:
                assert answers["422"]["content"] == problem, (method, path)
    metrics = document["paths"]["/metrics"]["get"]["responses"]["200"]["content"]
    assert list(metrics) == ["text/plain"]


async def test_upload_commits_metadata_and_event_together_and_replays_its_key(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    blobs = FakeBlobStore()
    async with running("upload", database_url, nats_server.url, tmp_path, blobs) as (app, client):
        form = {"prompt": "A bakery site", "contact_email": "a@example.com"}
        files = {"file": ("brief.md", b"# Harbour Bakery\n\nBread daily.", "text/markdown")}
        headers = {**auth("acme"), "Idempotency-Key": "k-1"}
        first = await client.post("/api/upload", data=form, files=files, headers=headers)
        assert first.status_code == 201, first.text
        again = await client.post("/api/upload", data=form, files=files, headers=headers)
        assert again.status_code == 201
        assert again.json()["upload_id"] == first.json()["upload_id"]
        assert again.headers["Idempotent-Replayed"] == "true"
        changed = await client.post(
            "/api/upload",
            data={**form, "prompt": "Another site"},
            files=files,
            headers=headers,
        )
        assert changed.status_code == 422

        runtime: Runtime[Any] = service_of(app).runtime
        async with runtime.engine.connect() as connection:
            counts = {
                table: (await connection.execute(sa.text(f"SELECT count(*) FROM {table}"))).scalar()
                for table in ("files", "upload_sessions", "outbox")
            }
        assert counts == {"files": 1, "upload_sessions": 1, "outbox": 1}
        assert len(blobs.blobs) == 1

        other = await client.get(f"/api/uploads/{first.json()['upload_id']}", headers=auth("other"))
        assert other.status_code == 404


@pytest.mark.parametrize(
    ("filename", "data", "prompt", "status", "says"),
    [
        ("brief.md", b"", "site", 422, "empty"),
        ("../brief.md", b"# x", "site", 422, "path separators"),
        ("brief.pdf", b"%PDF-1.4", "site", 422, "damaged"),
        ("brief.doc", b"x", "site", 415, "unsupported"),
        ("brief.txt", b"\x00\x01\x02", "site", 415, "binary"),
        ("brief.md", b"# x", "   ", 422, "prompt is empty"),
    ],
)
async def test_rejected_upload_leaves_no_rows_and_no_blobs(
    filename: str,
    data: bytes,
    prompt: str,
    status: int,
    says: str,
    database_url: str,
    nats_server: NatsServer,
    tmp_path: Path,
) -> None:
    blobs = FakeBlobStore()
    async with running("upload", database_url, nats_server.url, tmp_path, blobs) as (app, client):
        response = await client.post(
            "/api/upload",
            data={"prompt": prompt},
            files={"file": (filename, data, "application/octet-stream")},
            headers=auth("acme"),
        )
        assert response.status_code == status
        assert says in response.json()["detail"]
        runtime: Runtime[Any] = service_of(app).runtime
        async with runtime.engine.connect() as connection:
            rows = (await connection.execute(sa.text("SELECT count(*) FROM files"))).scalar()
        assert rows == 0
        assert blobs.blobs == {}


async def test_blob_stored_but_commit_failed_leaves_no_orphan(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    blobs = FakeBlobStore()
    async with running("upload", database_url, nats_server.url, tmp_path, blobs) as (app, client):
        runtime: Runtime[Any] = service_of(app).runtime
        async with runtime.engine.begin() as connection:
            await connection.execute(sa.text("DROP TABLE upload_events"))
            await connection.execute(sa.text("DROP TABLE upload_revisions"))
            await connection.execute(sa.text("DROP TABLE upload_sessions"))
        with pytest.raises(sa.exc.DBAPIError):
            await client.post(
                "/api/upload",
                data={"prompt": "site"},
                files={"file": ("brief.md", b"# Real brief", "text/markdown")},
                headers=auth("acme"),
            )
        assert blobs.blobs == {}


async def test_upload_without_token_is_refused(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    async with running("upload", database_url, nats_server.url, tmp_path) as (_, client):
        response = await client.post(
            "/api/upload", data={"prompt": "x"}, files={"file": ("a.md", b"# a", "text/markdown")}
        )
        assert response.status_code == 401
        forged = {"Authorization": f"Bearer {mint_token('x' * 40, 'acme')}"}
        response = await client.get("/api/uploads/upl_1", headers=forged)
        assert response.status_code == 401
        assert "invalid token" in response.json()["detail"]
