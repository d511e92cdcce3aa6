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
from typing import Any

import nats
from faststream import AckPolicy
from faststream.nats import JStream, PullSub
from faststream.nats.annotations import NatsMessage

from hotstack_contracts import STREAM_NAME, UploadReceived, parse_event
from hotstack_libs.bus.broker import (
    consumer_config,
    create_broker,
    ensure_consumer,
    ensure_stream,
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
        finally:
            server.stop()
    result: dict[str, Any] = {
        "events": args.events,
        "batch": args.batch,
        "raw_nats_py_per_s": round(raw_rate),
        "faststream_per_s": round(fs_rate),
        "ratio": round(fs_rate / raw_rate, 2),
    }
    report(
        args.out,
        result,
        ("consumer", "events/s", "÷ raw"),
        [
            ("raw nats-py pull + ack", f"{raw_rate:,.0f}", "1.00"),
            ("FastStream pull subscriber + ack", f"{fs_rate:,.0f}", f"{fs_rate / raw_rate:.2f}"),
        ],
    )


if __name__ == "__main__":
    asyncio.run(main())
