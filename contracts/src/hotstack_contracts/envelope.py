"""The CloudEvents 1.0 envelope every HotStack event travels in."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, Literal, Self, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from .ids import new_id

# Integers a JSON number can carry without loss in every consumer (RFC 8785, I-JSON).
MAX_SAFE_INTEGER = 2**53 - 1

TENANT_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
TRACEPARENT_PATTERN = r"^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"
_TRACEPARENT = re.compile(TRACEPARENT_PATTERN)


class Event(BaseModel):
    """Base of every event payload; a concrete event names its subject."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    subject: ClassVar[str]


# Covariant: an envelope of an UploadReceived is an envelope of an Event (it is immutable).
DataT = TypeVar("DataT", bound=Event, covariant=True)
DataT2 = TypeVar("DataT2", bound=Event)


class UnsafeNumberError(ValueError):
    """A payload holds a float, or an integer beyond +/-(2^53-1)."""


def ensure_json_safe(value: Any, path: str = "data") -> None:
    """Refuse floats and integers outside the I-JSON safe range anywhere in ``value``."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, float):
        raise UnsafeNumberError(f"{path}: floats are not allowed (money is integer grains)")
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise UnsafeNumberError(f"{path}: integer {value} is beyond +/-(2^53-1)")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            ensure_json_safe(item, f"{path}.{key}")
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            ensure_json_safe(item, f"{path}[{index}]")
        return
    if isinstance(value, BaseModel):
        ensure_json_safe(value.model_dump(mode="python"), path)


class Envelope(BaseModel, Generic[DataT]):
    """A CloudEvents 1.0 event with HotStack's extension attributes.

    CloudEvents names extension attributes in lowercase letters and digits only, so the
    tenant travels as `tenantid`; in Python it is `tenant`, as everywhere else.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )

    specversion: Literal["1.0"] = Field(default="1.0", description="CloudEvents version.")
    id: str = Field(
        min_length=1,
        max_length=128,
        description="Unique event id; also the JetStream Nats-Msg-Id header.",
    )
    source: str = Field(
        min_length=1, max_length=256, description="Producer, `hotstack/<service>` for our own."
    )
    type: str = Field(description="Event type; equals the NATS subject it travels on.")
    time: AwareDatetime = Field(description="When the fact happened (UTC).")
    subject: str = Field(min_length=1, max_length=128, description="Id of the aggregate.")
    datacontenttype: Literal["application/json"] = Field(
        default="application/json", description="Media type of `data`."
    )
    tenant: str = Field(
        alias="tenantid", pattern=TENANT_PATTERN, description="Tenant the event belongs to."
    )
    correlationid: str = Field(
        min_length=1,
        max_length=128,
        description="The upload id: follows one brief through the whole pipeline.",
    )
    causationid: str | None = Field(
        default=None, max_length=128, description="Id of the event that caused this one."
    )
    traceparent: str | None = Field(
        default=None, pattern=TRACEPARENT_PATTERN, description="W3C trace context."
    )
    data: DataT = Field(description="The typed payload.")

    @model_validator(mode="before")
    @classmethod
    def _data_is_json_safe(cls, values: Any) -> Any:
        if isinstance(values, dict) and "data" in values:
            ensure_json_safe(values["data"])
        return values

    @model_validator(mode="after")
    def _type_matches_payload(self) -> Self:
        expected = type(self.data).subject
        if self.type != expected:
            raise ValueError(f"type {self.type!r} does not match payload subject {expected!r}")
        return self

    @classmethod
    def new(
        cls,
        data: DataT2,
        *,
        source: str,
        tenant: str,
        correlation_id: str,
        subject: str,
        causation_id: str | None = None,
        traceparent: str | None = None,
    ) -> Envelope[DataT2]:
        """Wrap a payload in a fresh envelope."""
        return envelope_of(type(data))(
            id=new_id("evt"),
            source=source,
            type=data.subject,
            time=datetime.now(UTC),
            subject=subject,
            tenant=tenant,
            correlationid=correlation_id,
            causationid=causation_id,
            traceparent=traceparent,
            data=data,
        )

    def caused(self, data: DataT2, *, source: str, subject: str) -> Envelope[DataT2]:
        """A follow-up event: same tenant, correlation and trace; caused by this one."""
        return Envelope.new(
            data,
            source=source,
            tenant=self.tenant,
            correlation_id=self.correlationid,
            subject=subject,
            causation_id=self.id,
            traceparent=self.traceparent,
        )

    def to_json(self) -> bytes:
        """Wire form of the envelope."""
        return self.model_dump_json().encode()

    @property
    def trace_id(self) -> str | None:
        """The W3C trace id carried by ``traceparent``."""
        if self.traceparent and _TRACEPARENT.match(self.traceparent):
            return self.traceparent.split("-")[1]
        return None


def envelope_of(model: type[DataT2]) -> type[Envelope[DataT2]]:
    """The Envelope class parametrised with one payload class."""
    return Envelope[model]  # type: ignore[valid-type]
