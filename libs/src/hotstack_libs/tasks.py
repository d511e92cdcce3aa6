"""Background loops that survive errors but never their own cancellation."""

from __future__ import annotations

import asyncio


def stop_if_cancelling(error: BaseException) -> None:
    """Re-raise as CancelledError when the current task is being cancelled.

    Database drivers can turn the CancelledError that reaches them mid-query into an error
    of their own. A loop that logs and retries on `Exception` would then swallow its own
    cancellation and outlive the service's shutdown (holding a connection, or a SQLite
    write lock). Every retrying loop calls this first in its `except Exception` branch.
    """
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError from error


class IdleBackoff:
    """How long a polling loop waits: `base` after a pass that found work, twice as long
    after each idle pass, up to `ceiling`. A loop that is also woken when work arrives
    (an event, a commit) loses no latency to it, and costs next to nothing at rest."""

    def __init__(self, base: float, ceiling: float) -> None:
        self.base = base
        self.ceiling = max(base, ceiling)
        self.current = base

    def after(self, worked: bool) -> float:
        """The wait after a pass that did (or did not) find work."""
        self.current = self.base if worked else min(self.ceiling, self.current * 2)
        return self.current

    def reset(self) -> None:
        """Work arrived: the next idle wait starts from `base` again."""
        self.current = self.base


async def woken(event: asyncio.Event, seconds: float) -> bool:
    """Wait until `event` is set (True) or `seconds` have passed (False)."""
    try:
        async with asyncio.timeout(seconds):
            await event.wait()
    except TimeoutError:
        return False
    return True
