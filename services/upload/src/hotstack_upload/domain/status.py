"""The status of an upload as its events come back from the pipeline."""

from __future__ import annotations

from enum import StrEnum

from hotstack_contracts import (
    BuildCompleted,
    BuildFailed,
    BuildStarted,
    IntentExtracted,
    IntentExtractedV1,
    IntentFailed,
    PaymentFailed,
    PaymentRequested,
    PaymentSettled,
    SitePublished,
    SiteUnpublished,
    UploadReceived,
)


class Status(StrEnum):
    """Where a brief is in the pipeline."""

    RECEIVED = "received"
    EXTRACTING = "extracting"
    BUILDING = "building"
    AWAITING_PAYMENT = "awaiting_payment"
    PUBLISHING = "publishing"
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"
    FAILED = "failed"


_ORDER = list(Status)

STATUS_AFTER: dict[str, Status] = {
    UploadReceived.subject: Status.EXTRACTING,
    IntentExtracted.subject: Status.BUILDING,
    IntentExtractedV1.subject: Status.BUILDING,
    BuildStarted.subject: Status.BUILDING,
    BuildCompleted.subject: Status.BUILDING,
    PaymentRequested.subject: Status.AWAITING_PAYMENT,
    PaymentSettled.subject: Status.PUBLISHING,
    SitePublished.subject: Status.PUBLISHED,
    SiteUnpublished.subject: Status.UNPUBLISHED,
    IntentFailed.subject: Status.FAILED,
    BuildFailed.subject: Status.FAILED,
    PaymentFailed.subject: Status.FAILED,
}


def advance(current: Status, event_type: str) -> Status:
    """The status after `event_type`; never moves backwards when events arrive out of order.
    A published site moves on only when its tenant takes it down."""
    target = STATUS_AFTER.get(event_type)
    if target is None or current in (Status.UNPUBLISHED, Status.FAILED):
        return current
    if current is Status.PUBLISHED and target is not Status.UNPUBLISHED:
        return current
    if target is Status.FAILED:
        return target
    return target if _ORDER.index(target) > _ORDER.index(current) else current
