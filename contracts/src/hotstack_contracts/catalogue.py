"""The event catalogue: subject → payload class, and parsing of raw envelopes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from .envelope import Envelope, Event, envelope_of
from .events import (
    BuildCompleted,
    BuildFailed,
    BuildStarted,
    FormSubmitted,
    IntentExtracted,
    IntentExtractedV1,
    IntentFailed,
    LedgerCheckpointed,
    NotificationFailed,
    NotificationSent,
    PaymentDeclined,
    PaymentFailed,
    PaymentRequested,
    PaymentSettled,
    SitePublished,
    SiteUnpublished,
    UploadReceived,
    UploadRevised,
)

STREAM_NAME = "HOTSTACK"
STREAM_SUBJECTS = ("hotstack.>",)
# Domain events have four tokens; dead letters (`hotstack.dlq.<service>`) have three.
DOMAIN_EVENTS_FILTER = "hotstack.*.*.*"
DLQ_PREFIX = "hotstack.dlq"

EVENTS: tuple[type[Event], ...] = (
    UploadReceived,
    UploadRevised,
    IntentExtracted,
    IntentExtractedV1,
    IntentFailed,
    BuildStarted,
    BuildCompleted,
    BuildFailed,
    PaymentRequested,
    PaymentSettled,
    PaymentDeclined,
    PaymentFailed,
    SitePublished,
    SiteUnpublished,
    FormSubmitted,
    NotificationSent,
    NotificationFailed,
    LedgerCheckpointed,
)

BY_SUBJECT: dict[str, type[Event]] = {event.subject: event for event in EVENTS}


def dlq_subject(service: str) -> str:
    """Dead-letter subject of one service."""
    return f"{DLQ_PREFIX}.{service}"


class InvalidEventError(ValueError):
    """A message is not a valid HotStack event; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Header(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors()[:5]:
        location = ".".join(str(part) for part in item["loc"]) or "event"
        parts.append(f"{location}: {item['msg']}")
    return "; ".join(parts)


def parse_event(raw: bytes | str | dict[str, Any]) -> Envelope[Event]:
    """Validate a raw envelope against the catalogue; raise InvalidEventError naming the field."""
    try:
        header = (
            _Header.model_validate(raw)
            if isinstance(raw, dict)
            else _Header.model_validate_json(raw)
        )
    except ValidationError as error:
        raise InvalidEventError(f"not a HotStack envelope: {_describe(error)}") from error
    model = BY_SUBJECT.get(header.type)
    if model is None:
        raise InvalidEventError(f"type: unknown event type {header.type!r}")
    envelope_type: type[Envelope[Event]] = envelope_of(model)
    try:
        if isinstance(raw, dict):
            return envelope_type.model_validate(raw)
        return envelope_type.model_validate_json(raw)
    except ValidationError as error:
        raise InvalidEventError(_describe(error)) from error
    except ValueError as error:
        raise InvalidEventError(str(error)) from error
