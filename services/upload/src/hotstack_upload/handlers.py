"""Upload's consumers: every pipeline event updates the upload it belongs to."""

from __future__ import annotations

from collections.abc import Sequence

from hotstack_contracts import DOMAIN_EVENTS_FILTER
from hotstack_libs.bus import Subscription
from hotstack_libs.http import Runtime

from .uploads import record_pipeline_event


def subscriptions(_: Runtime) -> Sequence[Subscription]:
    """What the upload service consumes."""
    return [Subscription(DOMAIN_EVENTS_FILTER, record_pipeline_event, name="timeline")]
