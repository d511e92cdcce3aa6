"""Dead letters: messages a service gave up on, kept in the stream with the reason."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from hotstack_contracts import dlq_subject

from ..timeutil import utcnow


class DeadLetter(BaseModel):
    """What `hotstack.dlq.<service>` carries: the original message and why it failed."""

    service: str = Field(description="Service that gave up.")
    consumer: str = Field(description="Durable consumer name.")
    subject: str = Field(description="Subject the message arrived on.")
    stream_seq: int = Field(description="Stream sequence of the original message.")
    deliveries: int = Field(description="Deliveries made before giving up.")
    reason: str = Field(description="Why the message was dead-lettered.")
    poison: bool = Field(description="True when retrying could never help (invalid event).")
    failed_at: datetime = Field(default_factory=utcnow)
    event_id: str | None = Field(default=None, description="Envelope id, when it parsed.")
    payload_b64: str = Field(description="The original message body, base64.")

    @property
    def payload(self) -> bytes:
        """The original message body."""
        return base64.b64decode(self.payload_b64)

    @classmethod
    def of(cls, body: bytes, **fields: Any) -> DeadLetter:
        """Build a dead letter around a raw body."""
        return cls(payload_b64=base64.b64encode(body).decode(), **fields)

    @property
    def subject_for(self) -> str:
        """Where this dead letter is published."""
        return dlq_subject(self.service)

    @property
    def msg_id(self) -> str:
        """Deduplication id: one dead letter per original stream message."""
        return f"dlq-{self.consumer}-{self.stream_seq}"
