"""The same pipeline front (upload → intent) against real containers: NATS with JetStream,
PostgreSQL and MinIO, started by testcontainers when a Docker engine is present.

Without Docker these tests skip, saying so; the same behaviours are covered against local
processes (nats-server from its wheel, the machine's PostgreSQL, moto's S3 server) by
test_services_on_stores.py, test_upload_hardening.py and libs/tests/test_blobs.py.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from hotstack_intent.bootstrap import create_app as create_intent
from hotstack_intent.settings import Settings as IntentSettings
from hotstack_libs.auth import mint_token
from hotstack_libs.settings import DEV_AUTH_SECRET
from hotstack_upload.bootstrap import create_app as create_upload
from hotstack_upload.settings import Settings as UploadSettings

pytestmark = pytest.mark.integration

MINIO_USER, MINIO_PASSWORD = "hotstack", "hotstack-secret-key"


def _docker_or_skip() -> None:
    try:
        import docker

        docker.from_env().ping()
    except Exception as error:
        pytest.skip(
            f"no Docker engine here ({type(error).__name__}); the same behaviours run against "
            "local processes in test_services_on_stores.py and test_upload_hardening.py"
        )


@pytest.fixture(scope="module")
def containers() -> Iterator[dict[str, Any]]:
    """NATS (JetStream), PostgreSQL and MinIO, each on a mapped port."""
    _docker_or_skip()
    from testcontainers.community.postgres import PostgresContainer
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.waiting_utils import wait_for_logs

    nats_container = (
        DockerContainer("nats:2.11-alpine").with_command("-js").with_exposed_ports(4222)
    )
    minio = (
        DockerContainer("minio/minio:latest")
        .with_command("server /data")
        .with_env("MINIO_ROOT_USER", MINIO_USER)
        .with_env("MINIO_ROOT_PASSWORD", MINIO_PASSWORD)
        .with_exposed_ports(9000)
    )
    postgres = PostgresContainer("postgres:16-alpine", driver="asyncpg")
    with nats_container, minio, postgres:
        wait_for_logs(nats_container, "Server is ready", timeout=60)
        wait_for_logs(minio, "API:", timeout=60)
        yield {
            "nats": f"nats://{nats_container.get_container_host_ip()}:"
            f"{nats_container.get_exposed_port(4222)}",
            "s3": f"http://{minio.get_container_host_ip()}:{minio.get_exposed_port(9000)}",
            "postgres": postgres.get_connection_url(),
        }


async def _database(admin_url: str) -> str:
    name = f"hotstack_{uuid.uuid4().hex[:8]}"
    plain = admin_url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(plain)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


async def test_an_upload_is_read_through_nats_postgres_and_minio(
    containers: dict[str, Any], tmp_path: Path
) -> None:
    shared: dict[str, Any] = {
        "nats_url": containers["nats"],
        "blob_url": "s3://hotstack-blobs",
        "s3_endpoint_url": containers["s3"],
        "s3_access_key_id": MINIO_USER,
        "s3_secret_access_key": MINIO_PASSWORD,
        "state_dir": tmp_path,
        "environment": "test",
    }
    upload = create_upload(
        UploadSettings(database_url=await _database(containers["postgres"]), **shared)
    )
    intent = create_intent(
        IntentSettings(database_url=await _database(containers["postgres"]), **shared)
    )
    headers = {"Authorization": f"Bearer {mint_token(DEV_AUTH_SECRET, 'acme')}"}
    async with upload.router.lifespan_context(upload), intent.router.lifespan_context(intent):
        transport = httpx.ASGITransport(app=upload)
        async with httpx.AsyncClient(transport=transport, base_url="http://upload") as client:
            created = await client.post(
                "/api/upload",
                data={"prompt": "Build me a pet adoption site"},
                files={"file": ("brief.md", b"# Paws Rescue\n\nWe rehome dogs.", "text/markdown")},
                headers=headers,
            )
            assert created.status_code == 201, created.text
            upload_id = created.json()["upload_id"]
            for _ in range(300):
                status = (await client.get(f"/api/uploads/{upload_id}", headers=headers)).json()
                if status["status"] != "extracting" and status["status"] != "received":
                    break
                await asyncio.sleep(0.1)
            assert status["status"] == "building", status
            stored = await client.get(
                f"/api/files/{created.json()['file_id']}/content", headers=headers
            )
            assert stored.content == b"# Paws Rescue\n\nWe rehome dogs."
