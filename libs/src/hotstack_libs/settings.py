"""Settings base: shared `HOTSTACK_*` variables plus each service's `<NAME>_*` ones."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from .documents.limits import Limits

# Used only in embedded, development and test mode; production refuses it.
DEV_AUTH_SECRET = "hotstack-dev-secret-do-not-use-in-production-0000"  # noqa: S105
MIN_SECRET_BYTES = 32

Environment = Literal["embedded", "development", "test", "production"]
# Words that mark a value as an example to replace, never a secret.
_PLACEHOLDERS = ("change-me", "changeme", "change_me", "replace-me", "example", "secret-here")


def weak_secret(secret: str) -> str | None:
    """Why a secret must not be used in production, or None: the embedded default, fewer
    than 32 bytes, or a placeholder someone forgot to replace."""
    if secret == DEV_AUTH_SECRET:
        return "must be set in production (the embedded default is public)"
    if len(secret.encode()) < MIN_SECRET_BYTES:
        return f"must be at least {MIN_SECRET_BYTES} bytes"
    if any(word in secret.lower() for word in _PLACEHOLDERS):
        return "is a placeholder (it says to change it): set a random value"
    return None


class ServiceSettings(BaseSettings):
    """Configuration every service shares; subclasses set `service_name` and `env_prefix`."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "service"
    default_port: ClassVar[int] = 8000

    # Shared across services (HOTSTACK_*).
    environment: Environment = Field(default="embedded", validation_alias="HOTSTACK_ENV")
    state_dir: Path = Field(default=Path(".hotstack"), validation_alias="HOTSTACK_STATE_DIR")
    nats_url: str = Field(default="nats://127.0.0.1:4222", validation_alias="HOTSTACK_NATS_URL")
    stream_replicas: int = Field(
        default=1,
        ge=1,
        le=5,
        validation_alias="HOTSTACK_STREAM_REPLICAS",
        description="Replicas of the stream and its consumers when this service creates them.",
    )
    auth_secret: SecretStr = Field(
        default=SecretStr(DEV_AUTH_SECRET), validation_alias="HOTSTACK_AUTH_SECRET"
    )
    blob_url: str | None = Field(default=None, validation_alias="HOTSTACK_BLOB_URL")
    s3_endpoint_url: str | None = Field(default=None, validation_alias="HOTSTACK_S3_ENDPOINT_URL")
    s3_access_key_id: str | None = Field(default=None, validation_alias="HOTSTACK_S3_ACCESS_KEY_ID")
    s3_secret_access_key: SecretStr | None = Field(
        default=None, validation_alias="HOTSTACK_S3_SECRET_ACCESS_KEY"
    )
    s3_region: str = Field(default="us-east-1", validation_alias="HOTSTACK_S3_REGION")
    log_level: str = Field(default="INFO", validation_alias="HOTSTACK_LOG_LEVEL")
    log_format: Literal["auto", "json", "console"] = Field(
        default="auto", validation_alias="HOTSTACK_LOG_FORMAT"
    )
    otel_exporter: Literal["none", "console", "otlp"] = Field(
        default="none", validation_alias="HOTSTACK_OTEL_EXPORTER"
    )
    otel_endpoint: str | None = Field(default=None, validation_alias="HOTSTACK_OTEL_ENDPOINT")
    upload_public_url: str | None = Field(default=None, validation_alias="HOTSTACK_UPLOAD_URL")
    build_public_url: str | None = Field(default=None, validation_alias="HOTSTACK_BUILD_URL")
    payment_public_url: str | None = Field(default=None, validation_alias="HOTSTACK_PAYMENT_URL")

    # Per service (<NAME>_*).
    host: str = "127.0.0.1"
    port: int = 0
    database_url: str | None = None
    max_deliver: int = Field(default=6, ge=2, le=100)
    ack_wait_seconds: float = Field(default=30.0, gt=0)
    nak_delays_seconds: tuple[float, ...] = (0.5, 2.0, 5.0, 15.0, 30.0)
    pull_batch_size: int = Field(default=16, ge=1, le=1024)
    pull_wait_seconds: float = Field(
        default=10.0, gt=0, le=300, description="How long one pull waits on the server at rest."
    )
    outbox_poll_seconds: float = Field(default=0.5, gt=0)

    @model_validator(mode="after")
    def _defaults_and_secret_strength(self) -> Self:
        if self.port == 0:
            self.port = self.default_port
        secret = self.auth_secret.get_secret_value()
        if self.environment == "production":
            weak = weak_secret(secret)
            if weak:
                raise ValueError(f"HOTSTACK_AUTH_SECRET {weak}")
        return self

    @property
    def resolved_database_url(self) -> str:
        """The configured database URL, or a SQLite file in the state folder."""
        if self.database_url:
            return self.database_url
        path = (self.state_dir / f"{self.service_name}.db").resolve()
        return f"sqlite+aiosqlite:///{path}"

    @property
    def resolved_blob_url(self) -> str:
        """The configured blob URL, or a folder in the state folder."""
        return self.blob_url or f"file://{(self.state_dir / 'blobs').resolve()}"

    @property
    def public_url(self) -> str:
        """Where this service is reached from outside."""
        own = getattr(self, f"{self.service_name}_public_url", None)
        return str(own or f"http://{self.host}:{self.port}").rstrip("/")


class DocumentReading(BaseSettings):
    """Budgets for reading untrusted documents (services that parse briefs mix this in)."""

    document_timeout_seconds: float = Field(default=20.0, gt=0)
    document_memory_mb: int = Field(default=768, ge=64)
    document_workers: int = Field(default=2, ge=1, le=32)

    def document_limits(self) -> Limits:
        """The sandbox limits these settings describe."""
        # Imported here: the document package loads pypdf and lxml (~0.45 s), which only
        # the services that read briefs should pay for at start-up.
        from .documents.limits import MIB, Limits

        return Limits(
            timeout_seconds=self.document_timeout_seconds,
            memory_bytes=self.document_memory_mb * MIB,
        )
