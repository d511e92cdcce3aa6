"""Ledger's consumer: every domain event of every tenant goes into its chain."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hotstack_contracts import Envelope, Event
from hotstack_libs.bus import BatchSubscription, Transaction

from .deps import Dependencies
from .service import append_events


def subscriptions(deps: Dependencies) -> Sequence[BatchSubscription[Any]]:
    """What the ledger consumes: every domain event, a fetched batch at a time."""

    async def chain(envelopes: Sequence[Envelope[Event]], tx: Transaction) -> None:
        await append_events(envelopes, tx)
        tx.after_commit(deps.checkpointer.wake)  # checkpoints may be due

    return [BatchSubscription(Event, chain, name="chain")]
