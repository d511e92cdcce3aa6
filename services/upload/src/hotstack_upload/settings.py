"""Upload service configuration (`UPLOAD_*`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from hotstack_libs.settings import DocumentReading, ServiceSettings
from hotstack_libs.store.ratelimit import Rate


class Settings(ServiceSettings, DocumentReading):
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

    @property
    def upload_rate(self) -> Rate:
        """The per-tenant upload rate."""
        return Rate(per_minute=self.rate_per_minute, burst=self.rate_burst)
