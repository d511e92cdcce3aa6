"""Upload service configuration (`UPLOAD_*`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from hotstack_libs.settings import ServiceSettings


class Settings(ServiceSettings):
    """Upload settings."""

    model_config = SettingsConfigDict(env_prefix="UPLOAD_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "upload"
    default_port: ClassVar[int] = 8001

    max_upload_bytes: int = Field(default=20 * 1024 * 1024, ge=1)
    max_prompt_chars: int = Field(default=4000, ge=1)
