"""Payment's consumer: every completed build gets a quote and a checkout."""

from __future__ import annotations

from collections.abc import Sequence

from hotstack_contracts import BuildCompleted
from hotstack_libs.bus import Subscription
from hotstack_libs.http import Runtime

from .payments import PaymentDesk
from .settings import Settings


def subscriptions(runtime: Runtime) -> Sequence[Subscription]:
    """What the payment service consumes."""
    settings = runtime.settings
    assert isinstance(settings, Settings)
    desk = PaymentDesk(
        settings.public_url,
        settings.checkout_key,
        settings.base_price_grains,
        settings.price_per_page_grains,
        settings.expires_after_seconds,
    )
    return [Subscription(BuildCompleted.subject, desk.on_build_completed)]
