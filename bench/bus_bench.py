"""Bus throughput: one FastStream durable pull consumer with explicit acks against raw
nats-py on the same stream, the same messages and the same batch size.

Both consume N CloudEvents envelopes (UploadReceived, ~700 bytes) already stored in the
HOTSTACK stream of a nats-server from the wheel (file storage), each through its own new
durable consumer, acking every message. The FastStream handler parses the envelope with
the contract (as HotStack's consumers do) and acks; the raw loop parses with the same
contract and acks, so the ratio is FastStream's own cost.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

import nats
from faststream import AckPolicy, Context
from faststream.nats import JStream, PullSub
from faststream.nats.annotations import NatsMessage
from faststream.nats.message import NatsBatchMessage

from hotstack_contracts import STREAM_NAME, UploadReceived, parse_event
from hotstack_libs.bus.broker import (
    consumer_config,
    create_broker,
    ensure_consumer,
    ensure_stream,
    guard_batch_fetch,
)
from hotstack_tools.processes import NatsServer
from hotstack_tools.testing.factories import upload_received

from .common import logging_to, report


async def fill(url: str, count: int) -> None:
    client = await nats.connect(url)
    js = client.jetstream()
    await ensure_stream(js)
    for start in range(0, count, 500):
        await asyncio.gather(
            *(
                js.publish(UploadReceived.subject, upload_received("bench").to_json())
                for _ in range(min(500, count - start))
            )
        )
    await client.close()


async def raw(url: str, count: int, batch: int) -> float:
    client = await nats.connect(url)
    js = client.jetstream()
    await ensure_consumer(
        js, consumer_config("bench-raw", UploadReceived.subject, max_deliver=5, ack_wait=30)
    )
    sub = await js.pull_subscribe_bind("bench-raw", stream=STREAM_NAME)
    seen = 0
    started = time.perf_counter()
    while seen < count:
        for msg in await sub.fetch(batch, timeout=5):
            parse_event(msg.data)
            await msg.ack()
            seen += 1
    elapsed = time.perf_counter() - started
    await client.close()
    return count / elapsed


async def faststream(url: str, count: int, batch: int) -> float:
    client = await nats.connect(url)
    await ensure_consumer(
        client.jetstream(),
        consumer_config("bench-faststream", UploadReceived.subject, max_deliver=5, ack_wait=30),
    )
    await client.close()
    broker = create_broker(url, "bench")  # as the services configure it: no access log
    done = asyncio.Event()
    seen = 0
    started = 0.0

    @broker.subscriber(
        UploadReceived.subject,
        stream=JStream(STREAM_NAME, declare=False),
        durable="bench-faststream",
        pull_sub=PullSub(batch_size=batch, timeout=1.0),
        ack_policy=AckPolicy.MANUAL,
    )
    async def handle(message: NatsMessage) -> None:
        nonlocal seen, started
        if seen == 0:
            started = time.perf_counter()
        parse_event(message.body)
        await message.ack()
        seen += 1
        if seen >= count:
            done.set()

    await broker.start()
    await asyncio.wait_for(done.wait(), timeout=600)
    elapsed = time.perf_counter() - started
    await broker.stop()
    return (count - 1) / elapsed  # timed from the first message's arrival


async def faststream_batch(url: str, count: int, batch: int) -> float:
    """FastStream's batch subscriber: one handler call per fetched batch, one ack each."""
    client = await nats.connect(url)
    await ensure_consumer(
        client.jetstream(),
        consumer_config(
            "bench-faststream-batch", UploadReceived.subject, max_deliver=5, ack_wait=30
        ),
    )
    await client.close()
    broker = create_broker(url, "bench")
    done = asyncio.Event()
    seen = 0
    started = 0.0

    subscriber = broker.subscriber(
        UploadReceived.subject,
        stream=JStream(STREAM_NAME, declare=False),
        durable="bench-faststream-batch",
        pull_sub=PullSub(batch_size=batch, timeout=0.05, batch=True),
        ack_policy=AckPolicy.MANUAL,
    )

    @subscriber
    async def handle_batch(message: Annotated[NatsBatchMessage, Context("message")]) -> None:
        nonlocal seen, started
        if seen == 0:
            started = time.perf_counter()
        for raw_message in message.raw_message:
            parse_event(raw_message.data)
            await raw_message.ack()
        seen += len(message.raw_message)
        if seen >= count:
            done.set()

    await broker.start()
    guard_batch_fetch(subscriber.subscription)
    await asyncio.wait_for(done.wait(), timeout=600)
    elapsed = time.perf_counter() - started
    await broker.stop()
    return (count - batch) / elapsed  # timed from the first batch's arrival


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--out", type=Path, default=Path("bench/results/bus.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, logging_to(Path(folder) / "bench.log"):
        server = NatsServer(Path(folder) / "nats")
        server.start()
        try:
            await fill(server.url, args.events)
            raw_rate = await raw(server.url, args.events, args.batch)
            fs_rate = await faststream(server.url, args.events, args.batch)
            batch_rate = await faststream_batch(server.url, args.events, args.batch)
        finally:
            server.stop()
    result: dict[str, Any] = {
        "events": args.events,
        "batch": args.batch,
        "raw_nats_py_per_s": round(raw_rate),
        "faststream_per_s": round(fs_rate),
        "ratio": round(fs_rate / raw_rate, 2),
        "faststream_batch_per_s": round(batch_rate),
        "batch_ratio": round(batch_rate / raw_rate, 2),
    }
    report(
        args.out,
        result,
        ("consumer", "events/s", "÷ raw"),
        [
            ("raw nats-py pull + ack", f"{raw_rate:,.0f}", "1.00"),
            ("FastStream pull subscriber + ack", f"{fs_rate:,.0f}", f"{fs_rate / raw_rate:.2f}"),
            (
                "FastStream batch pull subscriber + ack",
                f"{batch_rate:,.0f}",
                f"{batch_rate / raw_rate:.2f}",
            ),
        ],
    )


if __name__ == "__main__":
    asyncio.run(main())
