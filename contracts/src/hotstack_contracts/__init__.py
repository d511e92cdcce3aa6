"""HotStack's event contracts: the envelope, the twelve events and their subjects."""

from .catalogue import (
    BY_SUBJECT,
    DLQ_PREFIX,
    DOMAIN_EVENTS_FILTER,
    EVENTS,
    STREAM_NAME,
    STREAM_SUBJECTS,
    InvalidEventError,
    dlq_subject,
    parse_event,
)
from .envelope import MAX_SAFE_INTEGER, Envelope, Event, UnsafeNumberError, ensure_json_safe
from .events import (
    BuildCompleted,
    BuildFailed,
    BuildStarted,
    IntentExtracted,
    IntentFailed,
    NotificationFailed,
    NotificationSent,
    PaymentFailed,
    PaymentRequested,
    PaymentSettled,
    SitePublished,
    UploadReceived,
)
from .ids import new_id
from .money import format_grains
from .site import Contact, Intent, Page, Palette, Section, SiteSpec, SiteType

__all__ = [
    "BY_SUBJECT",
    "DLQ_PREFIX",
    "DOMAIN_EVENTS_FILTER",
    "EVENTS",
    "MAX_SAFE_INTEGER",
    "STREAM_NAME",
    "STREAM_SUBJECTS",
    "BuildCompleted",
    "BuildFailed",
    "BuildStarted",
    "Contact",
    "Envelope",
    "Event",
    "Intent",
    "IntentExtracted",
    "IntentFailed",
    "InvalidEventError",
    "NotificationFailed",
    "NotificationSent",
    "Page",
    "Palette",
    "PaymentFailed",
    "PaymentRequested",
    "PaymentSettled",
    "Section",
    "SitePublished",
    "SiteSpec",
    "SiteType",
    "UnsafeNumberError",
    "UploadReceived",
    "dlq_subject",
    "ensure_json_safe",
    "format_grains",
    "new_id",
    "parse_event",
]
