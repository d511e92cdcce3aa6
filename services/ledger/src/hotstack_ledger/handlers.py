"""Ledger's consumer: every domain event of every tenant goes into its chain."""

from __future__ import annotations

from collections.abc import Sequence

from hotstack_contracts import DOMAIN_EVENTS_FILTER
from hotstack_libs.bus import Subscription
from hotstack_libs.http import Runtime

from .chain import append_event


def subscriptions(_: Runtime) -> Sequence[Subscription]:
    """What the ledger consumes."""
    return [Subscription(DOMAIN_EVENTS_FILTER, append_event, name="chain")]
