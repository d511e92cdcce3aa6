"""A throwaway PostgreSQL database per test session, when a server is reachable."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import asyncpg
from sqlalchemy.engine import make_url

ENV_URL = "HOTSTACK_TEST_POSTGRES_URL"
ENV_REQUIRED = "HOTSTACK_REQUIRE_POSTGRES"
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def admin_url() -> str:
    """The maintenance database URL tests create their databases through."""
    return os.environ.get(ENV_URL, DEFAULT_URL)


def postgres_required() -> bool:
    """CI sets HOTSTACK_REQUIRE_POSTGRES=1: an unreachable server is then a failure."""
    return os.environ.get(ENV_REQUIRED, "") not in ("", "0", "false")


async def _execute(url: str, sql: str) -> None:
    connection = await asyncpg.connect(url.replace("+asyncpg", ""), timeout=5)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def reachable() -> str | None:
    """None when the admin database answers, else why not."""
    try:
        asyncio.run(_execute(admin_url(), "SELECT 1"))
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return None


@contextmanager
def temporary_database(prefix: str = "hotstack_test") -> Iterator[str]:
    """Create a fresh database and yield its asyncpg SQLAlchemy URL; drop it afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = admin_url()
    asyncio.run(_execute(admin, f'CREATE DATABASE "{name}"'))
    url = make_url(admin).set(drivername="postgresql+asyncpg", database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        asyncio.run(_execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
