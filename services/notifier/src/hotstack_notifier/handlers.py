"""Notifier's consumers: the events people are told about, and those that carry contacts."""

from __future__ import annotations

from collections.abc import Sequence

from hotstack_contracts import (
    DOMAIN_EVENTS_FILTER,
    BuildCompleted,
    BuildFailed,
    FormSubmitted,
    IntentFailed,
    PaymentFailed,
    PaymentRequested,
    SitePublished,
    UploadReceived,
)
from hotstack_libs.bus import Subscription

from .notifications import Notifier
from .webhooks import fan_out

SUBJECTS = (
    UploadReceived.subject,
    BuildCompleted.subject,
    PaymentRequested.subject,
    SitePublished.subject,
    IntentFailed.subject,
    BuildFailed.subject,
    PaymentFailed.subject,
    FormSubmitted.subject,
)


def subscriptions_for(notifier: Notifier) -> Sequence[Subscription]:
    """What the notifier consumes: emails per subject, and every event for webhooks."""
    return [
        *(
            Subscription(subject, notifier.on_event, on_give_up=notifier.on_give_up)
            for subject in SUBJECTS
        ),
        Subscription(DOMAIN_EVENTS_FILTER, fan_out, name="webhooks"),
    ]
