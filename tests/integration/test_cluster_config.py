"""The cluster profile's configuration: two named replicas per service on ports of their own,
the record `hotstack down` and `demo` read back, and its databases on a configured
PostgreSQL server (the embedded server is exercised by tests/e2e/test_cluster.py)."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import asyncpg
import pytest

from hotstack_tools.cluster import ClusterConfig, ClusterStack, asyncpg_dsn
from hotstack_tools.stack import SERVICES, config_from_record, load_record, service_of
from hotstack_tools.testing import postgres

pytestmark = pytest.mark.integration


def test_every_service_has_two_replicas_each_on_a_port_of_its_own(tmp_path: Path) -> None:
    config = ClusterConfig.ephemeral(tmp_path)
    assert config.instances("upload") == ["upload-1", "upload-2"]
    assert [service_of(name) for name in config.instances()] == [
        name for name in SERVICES for _ in range(2)
    ]
    ports = [*config.ports.values(), *config.nats_ports, *config.route_ports, config.smtp_port]
    ports += [*config.s3_ports.values(), config.witness_port]
    assert len(set(ports)) == len(ports)
    # A service's own address is its first replica's (links in emails and pages use it).
    assert config.url("payment") == config.url("payment-1") != config.url("payment-2")
    assert config.nats_url.count("nats://") == 3


def test_the_record_brings_back_the_cluster_and_keeps_its_secret_to_the_owner(
    tmp_path: Path,
) -> None:
    stack = ClusterStack(ClusterConfig.ephemeral(tmp_path))
    stack.save()
    assert (tmp_path / "stack.json").stat().st_mode & 0o777 == 0o600
    record = load_record(tmp_path)
    assert record is not None
    again = config_from_record(record)
    assert isinstance(again, ClusterConfig)
    assert again == stack.config
    assert again.nats_url == stack.config.nats_url


def test_on_a_configured_server_each_service_gets_its_database(
    tmp_path: Path, postgres_available: None
) -> None:
    prefix = f"hs_{uuid.uuid4().hex[:8]}"
    config = ClusterConfig.ephemeral(
        tmp_path, postgres_url=postgres.admin_url(), database_prefix=prefix
    )
    stack = ClusterStack(config)
    assert stack.postgres is None
    assert config.stop_engines() == []  # not ours to stop

    async def answer(url: str) -> int:
        connection = await asyncpg.connect(asyncpg_dsn(url))
        try:
            return int(await connection.fetchval("SELECT 1"))
        finally:
            await connection.close()

    async def drop() -> None:
        connection = await asyncpg.connect(asyncpg_dsn(postgres.admin_url()))
        try:
            for name in SERVICES:
                await connection.execute(f'DROP DATABASE IF EXISTS "{prefix}_{name}" WITH (FORCE)')
        finally:
            await connection.close()

    try:
        stack.start_postgres()
        stack.start_postgres()  # again: the databases exist, nothing to create
        assert set(stack.database_urls) == set(SERVICES)
        assert all(f"/{prefix}_{name}" in stack.database_urls[name] for name in SERVICES)
        assert [asyncio.run(answer(url)) for url in stack.database_urls.values()] == [1] * 6
        env = stack.env_for("ledger-2")
        assert env["LEDGER_DATABASE_URL"] == stack.database_urls["ledger"]
        assert env["LEDGER_PORT"] == str(config.ports["ledger-2"])
        assert env["HOTSTACK_STREAM_REPLICAS"] == "3"
        assert env["HOTSTACK_BLOB_URL"] == "s3://hotstack"
    finally:
        asyncio.run(drop())
