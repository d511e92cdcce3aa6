"""Payment's consumer: every completed build gets a quote and a checkout."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hotstack_contracts import BuildCompleted
from hotstack_libs.bus import Subscription

from .deps import Dependencies
from .service import PaymentDesk


def subscriptions(deps: Dependencies) -> Sequence[Subscription[Any]]:
    """What the payment service consumes."""
    settings = deps.settings
    desk = PaymentDesk(
        settings.public_url,
        settings.checkout_key,
        settings.base_price_grains,
        settings.price_per_page_grains,
        settings.expires_after_seconds,
    )
    return [Subscription(BuildCompleted, desk.on_build_completed)]
