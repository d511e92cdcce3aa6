"""Build's consumers: specs to build, payments to publish."""

from __future__ import annotations

from collections.abc import Sequence

from hotstack_contracts import IntentExtracted, IntentExtractedV1, PaymentSettled
from hotstack_libs.bus import Subscription
from hotstack_libs.http import Runtime

from .builds import Builder
from .settings import Settings


def subscriptions(runtime: Runtime) -> Sequence[Subscription]:
    """What the build service consumes."""
    settings = runtime.settings
    assert isinstance(settings, Settings)
    builder = Builder(runtime.blobs, settings.public_url)
    return [
        *(
            Subscription(subject, builder.on_intent_extracted, on_give_up=builder.on_build_given_up)
            for subject in (IntentExtracted.subject, IntentExtractedV1.subject)
        ),
        Subscription(PaymentSettled.subject, builder.on_payment_settled),
    ]
