"""Three nats-servers clustered on loopback: the HOTSTACK stream at three replicas loses
nothing, and keeps taking and serving events, while one node is down."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterator
from functools import partial
from pathlib import Path

import nats
import pytest
from nats.js import JetStreamContext

from hotstack_contracts import STREAM_NAME, UploadReceived
from hotstack_libs.bus.broker import consumer_config, ensure_consumer, ensure_stream
from hotstack_tools.processes import NatsCluster, wait_for_jetstream
from hotstack_tools.testing.factories import upload_received

pytestmark = pytest.mark.integration

# What a request meets while the cluster elects new leaders for what the lost node led
# (its meta group, the stream, the consumer): no answer in time, or no responder yet.
ELECTING = (
    nats.errors.TimeoutError,
    nats.js.errors.NoStreamResponseError,
    nats.js.errors.ServiceUnavailableError,
)


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
            # The same message id each try: JetStream keeps one copy.
            headers = {"Nats-Msg-Id": event.id}
            await once_accepted(partial(js.publish, event.type, event.to_json(), headers=headers))

        config = consumer_config(
            "cluster-check", UploadReceived.subject, max_deliver=5, ack_wait=30
        )
        await once_accepted(lambda: ensure_consumer(js, config))
        subscription = await js.pull_subscribe_bind("cluster-check", stream=STREAM_NAME)
        seen: list[bytes] = []
        for _ in range(100):
            if len(seen) == 20:
                break
            try:
                messages = await subscription.fetch(20 - len(seen), timeout=2)
            except ELECTING:
                await asyncio.sleep(0.2)
                continue
            for message in messages:
                await message.ack()
            seen += [m.data for m in messages]
        assert seen == [e.to_json() for e in [*before, *after]]  # all, once, in order

        cluster.nodes[0].start()  # it comes back and catches up with the others
        await wait_until_replicas_current(js)
    finally:
        await client.close()


async def once_accepted(request: Callable[[], Awaitable[object]]) -> None:
    """Make a JetStream request, again while the cluster elects new leaders (`ELECTING`)."""
    for _ in range(100):
        try:
            await request()
            return
        except ELECTING:
            await asyncio.sleep(0.2)
    raise AssertionError("JetStream never answered after losing a node")


async def wait_until_replicas_current(js: JetStreamContext) -> None:
    cluster = None
    for _ in range(150):
        with contextlib.suppress(*ELECTING):
            cluster = (await js.stream_info(STREAM_NAME)).cluster
        replicas = (cluster.replicas if cluster else None) or []
        if len(replicas) == 2 and all(r.current for r in replicas):
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"replicas never caught up: {cluster}")
