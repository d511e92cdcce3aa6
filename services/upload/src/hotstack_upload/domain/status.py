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
    UploadRevised,
)


class Status(StrEnum):
    """Where a brief is in the pipeline."""

    RECEIVED = "received"
    REVISING = "revising"  # read and built again for a revision, then on as an upload goes
    EXTRACTING = "extracting"
    BUILDING = "building"
    AWAITING_PAYMENT = "awaiting_payment"
    PUBLISHING = "publishing"
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"
    FAILED = "failed"


_ORDER = list(Status)
# What a tenant may revise: an upload whose preview is ready, or whose site is live.
REVISABLE = (Status.AWAITING_PAYMENT, Status.PUBLISHED, Status.REVISING)

STATUS_AFTER: dict[str, Status] = {
    UploadReceived.subject: Status.EXTRACTING,
    UploadRevised.subject: Status.REVISING,
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
    A published site moves on only when its tenant takes it down or revises it; a revision
    (of a site awaiting payment or published) starts the way through again."""
    target = STATUS_AFTER.get(event_type)
    if target is None or current in (Status.UNPUBLISHED, Status.FAILED):
        return current
    if target is Status.REVISING:
        return target if current in REVISABLE else current
    if current is Status.PUBLISHED and target not in (Status.UNPUBLISHED, Status.REVISING):
        return current
    if target is Status.FAILED:
        return target
    return target if _ORDER.index(target) > _ORDER.index(current) else current
