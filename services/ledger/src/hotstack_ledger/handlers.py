"""Ledger's consumer: every domain event of every tenant goes into its chain."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hotstack_contracts import Event
from hotstack_libs.bus import BatchSubscription

from .deps import Dependencies
from .service import append_events


def subscriptions(_: Dependencies) -> Sequence[BatchSubscription[Any]]:
    """What the ledger consumes: every domain event, a fetched batch at a time."""
    return [BatchSubscription(Event, append_events, name="chain")]
