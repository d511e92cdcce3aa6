"""`hotstack publish` and `hotstack dlq` against a real stream."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_contracts import Envelope, UploadReceived
from hotstack_libs.bus import (
    EventConsumer,
    Reject,
    RetryPolicy,
    Subscription,
    Transaction,
    TransactionFactory,
    connect_with_retry,
    create_broker,
    ensure_stream,
)
from hotstack_libs.store import create_engine, migrate
from hotstack_tools.operator import dead_letters
from hotstack_tools.processes import NatsServer
from hotstack_tools.testing.factories import upload_received
from hotstack_tools.testing.services import eventually

pytestmark = pytest.mark.integration

MIGRATIONS = Path(__file__).parents[2] / "libs" / "tests" / "platform_migrations"


def hotstack(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hotstack_tools.cli", *args],
        input=stdin.decode() if stdin else None,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_publish_refuses_an_invalid_event_naming_the_field(
    fresh_nats: NatsServer, tmp_path: Path
) -> None:
    raw = json.loads(upload_received("acme").to_json())
    del raw["data"]["sha256"]
    path = tmp_path / "event.json"
    path.write_text(json.dumps(raw))
    result = hotstack(
        "publish", UploadReceived.subject, "--data", str(path), "--nats", fresh_nats.url
    )
    assert result.returncode == 2
    assert "data.sha256" in result.stderr

    wrong = hotstack(
        "publish",
        "hotstack.intent.failed.v1",
        "--data",
        "-",
        "--nats",
        fresh_nats.url,
        stdin=upload_received("acme").to_json(),
    )
    assert wrong.returncode == 2
    assert "does not match subject" in wrong.stderr


def test_publish_then_again_is_deduplicated(fresh_nats: NatsServer, tmp_path: Path) -> None:
    path = tmp_path / "event.json"
    path.write_bytes(upload_received("acme").to_json())
    first = hotstack(
        "publish", UploadReceived.subject, "--data", str(path), "--nats", fresh_nats.url
    )
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("published:")
    again = hotstack(
        "publish", UploadReceived.subject, "--data", str(path), "--nats", fresh_nats.url
    )
    assert again.stdout.startswith("duplicate")


async def test_dead_letters_are_listed_with_reasons_and_replayed(
    fresh_nats: NatsServer, tmp_path: Path
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'svc.db'}")
    await migrate(engine, MIGRATIONS)
    sessions = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
    accepting = {"now": False}
    applied: list[str] = []

    async def handler(envelope: Envelope[Any], tx: Transaction) -> None:
        if not accepting["now"]:
            raise Reject("the tenant is unknown here")
        applied.append(envelope.id)

    broker = create_broker(fresh_nats.url, "cli")
    consumer = EventConsumer(
        "cli",
        Subscription(UploadReceived, handler),
        TransactionFactory(sessions),
        broker,
        RetryPolicy(max_deliver=3, ack_wait=5, nak_delays=(0.1,)),
    )
    consumer.register(8)
    await connect_with_retry(broker)
    await ensure_stream(broker.config.connection_state.stream)
    await consumer.provision(broker.config.connection_state.stream)
    await broker.start()
    try:
        event = upload_received("acme")
        path = tmp_path / "event.json"
        path.write_bytes(event.to_json())
        assert (
            hotstack(
                "publish", event.type, "--data", str(path), "--nats", fresh_nats.url
            ).returncode
            == 0
        )

        async def lettered() -> bool:
            return len(await dead_letters(fresh_nats.url)) == 1

        await eventually(lettered)
        listed = await asyncio.to_thread(hotstack, "dlq", "--nats", fresh_nats.url, "list")
        seq, line = listed.stdout.strip().split("\t")
        assert json.loads(line)["reason"] == "the tenant is unknown here"
        assert json.loads(line)["event_id"] == event.id

        accepting["now"] = True
        replayed = await asyncio.to_thread(hotstack, "dlq", "--nats", fresh_nats.url, "replay", seq)
        assert replayed.returncode == 0, replayed.stderr

        async def applied_once() -> bool:
            return applied == [event.id]

        await eventually(applied_once)
    finally:
        await broker.stop()
        await engine.dispose()
