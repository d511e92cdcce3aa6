"""Build's consumers: specs to build, payments to publish."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hotstack_contracts import IntentExtracted, IntentExtractedV1, PaymentSettled
from hotstack_libs.bus import Subscription

from .deps import Dependencies
from .service import Builder


def subscriptions(deps: Dependencies) -> Sequence[Subscription[Any]]:
    """What the build service consumes (an IntentExtracted of v1 is upcast and built alike)."""
    builder = Builder(deps.blobs, deps.settings.public_url)
    return [
        Subscription(
            IntentExtracted, builder.on_intent_extracted, on_give_up=builder.on_build_given_up
        ),
        Subscription(
            IntentExtractedV1, builder.on_intent_extracted, on_give_up=builder.on_build_given_up
        ),
        Subscription(PaymentSettled, builder.on_payment_settled),
    ]
