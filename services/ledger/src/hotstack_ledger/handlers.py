"""Ledger's consumer: every domain event of every tenant goes into its chain."""

from __future__ import annotations

from collections.abc import Sequence

from hotstack_contracts import DOMAIN_EVENTS_FILTER
from hotstack_libs.bus import BatchSubscription
from hotstack_libs.http import Runtime

from .chain import append_events


def subscriptions(_: Runtime) -> Sequence[BatchSubscription]:
    """What the ledger consumes."""
    return [BatchSubscription(DOMAIN_EVENTS_FILTER, append_events, name="chain")]
