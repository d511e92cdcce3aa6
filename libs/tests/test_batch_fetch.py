"""A guarded batch fetch with less than nats-py's margin left ends as nats' own timeout."""

from __future__ import annotations

import nats
import nats.errors
import pytest

from hotstack_libs.bus.broker import MIN_FETCH_SECONDS, guard_batch_fetch
from hotstack_tools.processes import NatsServer

pytestmark = pytest.mark.integration


async def test_a_window_too_short_to_ask_the_server_for_ends_in_nats_timeout(
    fresh_nats: NatsServer,
) -> None:
    client = await nats.connect(fresh_nats.url)
    try:
        js = client.jetstream()
        await js.add_stream(name="PROBE", subjects=["probe.>"])
        await js.publish("probe.one", b"one")
        subscription = await js.pull_subscribe("probe.>", durable="probe", stream="PROBE")

        # Why the guard exists: unguarded, a fetch this short ends in asyncio's builtin
        # TimeoutError or in nats' own, depending on where the timer fires, and FastStream's
        # batch loop catches only the latter (docs/upstream/faststream-batch-timeout.md).
        guard_batch_fetch(subscription)
        with pytest.raises(nats.errors.TimeoutError):
            await subscription.fetch(batch=10, timeout=MIN_FETCH_SECONDS / 2)
        messages = await subscription.fetch(batch=10, timeout=1)  # longer ones still fetch
        assert [m.data for m in messages] == [b"one"]
    finally:
        await client.close()
