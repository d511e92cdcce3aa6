"""A retrying loop stops when cancelled, even if a driver disguises the cancellation."""

from __future__ import annotations

import asyncio

import pytest

from hotstack_libs.tasks import stop_if_cancelling

pytestmark = pytest.mark.unit


class DriverError(Exception):
    """What some drivers raise when the query they were awaiting is cancelled."""


async def disguising_query(started: asyncio.Event) -> None:
    if started.is_set():
        raise DriverError("database still down")
    started.set()
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        raise DriverError("connection was closed in the middle of operation") from None


async def retrying_loop(started: asyncio.Event, guarded: bool, passes: list[int]) -> None:
    while len(passes) < 5:
        try:
            await disguising_query(started)
        except Exception as error:
            if guarded:
                stop_if_cancelling(error)
            passes.append(1)
        await asyncio.sleep(0.01)


@pytest.mark.parametrize("guarded", [True, False])
async def test_cancellation_is_not_swallowed_by_a_retry_loop(guarded: bool) -> None:
    started, passes = asyncio.Event(), list[int]()
    task = asyncio.create_task(retrying_loop(started, guarded, passes))
    await started.wait()
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=0.5)
    if guarded:
        assert task in done
        assert task.cancelled()
        assert passes == []
    else:  # the failure this guards against: the loop outlives its cancellation
        await asyncio.wait_for(task, timeout=5)  # it only ends when it runs out of passes
        assert not task.cancelled()
        assert len(passes) == 5
