"""Three nats-servers clustered on loopback: the HOTSTACK stream at three replicas loses
nothing, and keeps taking and serving events, while one node is down."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import nats
import pytest
from nats.js import JetStreamContext

from hotstack_contracts import STREAM_NAME, UploadReceived
from hotstack_libs.bus.broker import consumer_config, ensure_consumer, ensure_stream
from hotstack_tools.processes import NatsCluster, wait_for_jetstream
from hotstack_tools.testing.factories import upload_received

pytestmark = pytest.mark.integration


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[NatsCluster]:
    nodes = NatsCluster(tmp_path / "nats")
    nodes.start(logs=tmp_path)
    yield nodes
    nodes.stop()


async def test_a_replicated_stream_survives_losing_any_one_node(cluster: NatsCluster) -> None:
    await wait_for_jetstream(cluster.url)
    client = await nats.connect([node.url for node in cluster.nodes], max_reconnect_attempts=-1)
    try:
        js = client.jetstream()
        await ensure_stream(js, replicas=3)
        info = await js.stream_info(STREAM_NAME)
        assert info.config.num_replicas == 3
        before = [upload_received("acme") for _ in range(10)]
        for event in before:
            await js.publish(event.type, event.to_json(), headers={"Nats-Msg-Id": event.id})

        cluster.nodes[0].kill()  # whichever node led the stream, or the client's own
        after = [upload_received("acme") for _ in range(10)]
        for event in after:
            await publish_until_accepted(js, event.type, event.to_json(), event.id)

        await ensure_consumer(
            js, consumer_config("cluster-check", UploadReceived.subject, max_deliver=5, ack_wait=30)
        )
        subscription = await js.pull_subscribe_bind("cluster-check", stream=STREAM_NAME)
        seen: list[bytes] = []
        while len(seen) < 20:
            messages = await subscription.fetch(20 - len(seen), timeout=10)
            for message in messages:
                await message.ack()
            seen += [m.data for m in messages]
        assert seen == [e.to_json() for e in [*before, *after]]  # all, once, in order

        cluster.nodes[0].start()  # it comes back and catches up with the others
        await wait_until_replicas_current(js)
    finally:
        await client.close()


async def publish_until_accepted(
    js: JetStreamContext, subject: str, data: bytes, msg_id: str
) -> None:
    """Publish, retrying while the cluster moves the stream's leader (the same message id:
    JetStream keeps one copy)."""
    for _ in range(100):
        try:
            await js.publish(subject, data, headers={"Nats-Msg-Id": msg_id}, timeout=2)
            return
        except (nats.errors.TimeoutError, nats.js.errors.NoStreamResponseError):
            await asyncio.sleep(0.2)
    raise AssertionError(f"{subject} was never accepted")


async def wait_until_replicas_current(js: JetStreamContext) -> None:
    for _ in range(150):
        info = await js.stream_info(STREAM_NAME)
        replicas = (info.cluster.replicas if info.cluster else None) or []
        if len(replicas) == 2 and all(r.current for r in replicas):
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"replicas never caught up: {info.cluster}")
