"""Upload service configuration (`UPLOAD_*`)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from hotstack_libs.mail import SmtpSettings
from hotstack_libs.settings import DocumentReading, ServiceSettings
from hotstack_libs.store.ratelimit import Rate


class Settings(ServiceSettings, DocumentReading, SmtpSettings):
    """Upload settings."""

    model_config = SettingsConfigDict(env_prefix="UPLOAD_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "upload"
    default_port: ClassVar[int] = 8001

    max_upload_bytes: int = Field(default=20 * 1024 * 1024, ge=1)
    max_prompt_chars: int = Field(default=4000, ge=1)
    rate_per_minute: float = Field(default=30.0, gt=0, description="Uploads per tenant.")
    rate_burst: int = Field(default=10, ge=1, description="Uploads a tenant may make at once.")
    orphan_grace_seconds: float = Field(default=900.0, ge=0)
    orphan_sweep_seconds: float = Field(default=60.0, gt=0)
    sign_in_ttl_seconds: float = Field(
        default=900.0, gt=0, description="How long an emailed sign-in link works (once)."
    )
    session_ttl_seconds: float = Field(default=12 * 3600.0, gt=0)
    sign_in_per_minute: float = Field(default=0.2, gt=0, description="Links per address.")
    sign_in_burst: int = Field(default=3, ge=1)

    @property
    def sign_in_rate(self) -> Rate:
        """How many sign-in links one address may be sent."""
        return Rate(per_minute=self.sign_in_per_minute, burst=self.sign_in_burst)

    @property
    def spool_dir(self) -> Path:
        """Where uploaded files are written while a request is read (beside the local blob
        folder, so that storing one is a link, not a copy)."""
        return self.state_dir / "spool"

    @property
    def upload_rate(self) -> Rate:
        """The per-tenant upload rate."""
        return Rate(per_minute=self.rate_per_minute, burst=self.rate_burst)
