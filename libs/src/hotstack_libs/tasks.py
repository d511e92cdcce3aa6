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
