"""Two ledger processes on one database never fork a chain, skip a seq or chain an event twice."""

from __future__ import annotations

import asyncio
import base64
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import nats
import pytest
import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_contracts import Envelope, UploadReceived
from hotstack_ledger.domain.chain import StoredEntry, verify_chain
from hotstack_ledger.domain.merkle import inclusion_proof, merkle_root
from hotstack_ledger.proofs import prove_inclusion
from hotstack_libs.store import create_engine
from hotstack_tools.processes import NatsServer, free_port
from hotstack_tools.stack import terminate
from hotstack_tools.testing.factories import upload_received

pytestmark = pytest.mark.integration

TENANTS = [f"replica-{n}" for n in range(6)]
EVENTS_PER_TENANT = 400
SIGNING_KEY = base64.b64encode(bytes(range(32))).decode()


def start_ledger(
    nats_url: str, database_url: str, state: Path, log: Path
) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = dict(os.environ)
    env.update(
        HOTSTACK_ENV="test",
        HOTSTACK_NATS_URL=nats_url,
        HOTSTACK_STATE_DIR=str(state),
        HOTSTACK_LOG_FORMAT="json",
        LEDGER_DATABASE_URL=database_url,
        LEDGER_PORT=str(port),
        LEDGER_SIGNING_KEY=SIGNING_KEY,
    )
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "hotstack_ledger"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return process, port


@pytest.fixture
def replicas(
    request: pytest.FixtureRequest, fresh_nats: NatsServer, tmp_path: Path
) -> Iterator[tuple[str, list[int]]]:
    count, database = request.param
    if database == "postgres":
        database_url = request.getfixturevalue("postgres_url")
    else:
        database_url = f"sqlite+aiosqlite:///{tmp_path / 'ledger.db'}"
    started = [
        start_ledger(fresh_nats.url, database_url, tmp_path, tmp_path / f"ledger-{n}.log")
        for n in range(count)
    ]
    try:
        for process, port in started:
            wait_ready(process, port)
        yield database_url, [port for _, port in started]
    finally:
        for process, _ in started:
            terminate(process.pid, signal.SIGTERM, 15.0)


def wait_ready(process: subprocess.Popen[bytes], port: int) -> None:
    for _ in range(300):
        assert process.poll() is None, "a ledger process exited"
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health/ready", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError("ledger not ready")


async def publish_with_duplicates(url: str) -> set[str]:
    rng = random.Random(7)
    events: list[Envelope[UploadReceived]] = [
        upload_received(tenant) for _ in range(EVENTS_PER_TENANT) for tenant in TENANTS
    ]
    client = await nats.connect(url)
    js = client.jetstream()
    try:
        for index, event in enumerate(events):
            body = event.to_json()
            await js.publish(event.type, body, headers={"Nats-Msg-Id": event.id})
            if rng.random() < 0.15:  # the same event again under another message id
                await js.publish(event.type, body, headers={"Nats-Msg-Id": f"dup-{index}"})
            if rng.random() < 0.05:  # and a plain re-publish the stream deduplicates
                await js.publish(event.type, body, headers={"Nats-Msg-Id": event.id})
    finally:
        await client.close()
    return {event.id for event in events}


async def chained(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return int(
                (
                    await connection.execute(sa.text("SELECT count(*) FROM ledger_entries"))
                ).scalar_one()
            )
    finally:
        await engine.dispose()


def applied_by(port: int) -> float:
    text = httpx.get(f"http://127.0.0.1:{port}/metrics").text
    return sum(
        float(value)
        for value in re.findall(
            r'hotstack_events_consumed_total\{[^}]*outcome="applied"[^}]*\} (\S+)', text
        )
    )


@pytest.mark.parametrize(
    "replicas",
    [(2, "postgres"), (1, "sqlite")],
    indirect=True,
    ids=["two-on-postgres", "one-on-sqlite"],
)
async def test_concurrent_ingest_gives_one_gapless_chain_per_tenant(
    replicas: tuple[str, list[int]], fresh_nats: NatsServer
) -> None:
    database_url, ports = replicas
    published = await publish_with_duplicates(fresh_nats.url)
    expected = len(TENANTS) * EVENTS_PER_TENANT
    for _ in range(600):
        if await chained(database_url) >= expected:
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.5)  # let any straggling duplicate arrive before counting
    await assert_one_chain_per_tenant(database_url, published)
    if len(ports) > 1:
        assert all(applied_by(port) > 0 for port in ports), "one replica did all the work"


async def assert_one_chain_per_tenant(database_url: str, published: set[str]) -> None:
    """Every published event chained once, each tenant's chain gapless and verifying, and
    the stored subtrees giving the proofs the leaves give."""
    expected = len(TENANTS) * EVENTS_PER_TENANT
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    sa.text(
                        "SELECT tenant_id, seq, event_id, entry, hash FROM ledger_entries"
                        " ORDER BY tenant_id, seq"
                    )
                )
            ).all()
        async with AsyncSession(engine) as session:
            # The subtrees the replicas stored give the proofs the leaves give.
            proofs = {
                tenant: await prove_inclusion(session, tenant, 0, EVENTS_PER_TENANT)
                for tenant in TENANTS
            }
    finally:
        await engine.dispose()
    assert len(rows) == expected
    assert {row.event_id for row in rows} == published
    for tenant in TENANTS:
        chain = [row for row in rows if row.tenant_id == tenant]
        assert [row.seq for row in chain] == list(range(1, EVENTS_PER_TENANT + 1))
        result = verify_chain(tenant, [StoredEntry(r.seq, bytes(r.entry), r.hash) for r in chain])
        assert result.ok, (tenant, result)
        leaves = [bytes.fromhex(r.hash) for r in chain]
        assert proofs[tenant].proof == inclusion_proof(leaves, 0)
        assert proofs[tenant].root == merkle_root(leaves)


async def test_a_ledger_killed_mid_batch_again_and_again_chains_every_event_once(
    postgres_url: str, fresh_nats: NatsServer, tmp_path: Path
) -> None:
    """SIGKILL lands while batches are being applied: a batch's transaction either committed
    (its events acked, or redelivered and found in the inbox) or never happened at all."""
    expected = len(TENANTS) * EVENTS_PER_TENANT
    process, port = start_ledger(fresh_nats.url, postgres_url, tmp_path, tmp_path / "ledger.log")
    wait_ready(process, port)
    publishing = asyncio.create_task(publish_with_duplicates(fresh_nats.url))
    kills = []
    try:
        for threshold in (expected // 5, expected // 2, (expected * 4) // 5):
            for _ in range(1500):
                if await chained(postgres_url) >= threshold:
                    break
                await asyncio.sleep(0.02)
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            kills.append(await chained(postgres_url))
            process, port = start_ledger(
                fresh_nats.url, postgres_url, tmp_path, tmp_path / "ledger.log"
            )
            wait_ready(process, port)
        published = await publishing
        for _ in range(600):
            if await chained(postgres_url) >= expected:
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)  # let any straggling redelivery arrive before counting
    finally:
        terminate(process.pid, signal.SIGTERM, 15.0)
    assert len(kills) == 3
    assert all(0 < chained_then < expected for chained_then in kills), kills  # mid-ingest
    await assert_one_chain_per_tenant(postgres_url, published)
