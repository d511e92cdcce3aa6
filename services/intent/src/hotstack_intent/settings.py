"""Intent service configuration (`INTENT_*`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from hotstack_libs.settings import ServiceSettings


class Settings(ServiceSettings):
    """Intent settings."""

    model_config = SettingsConfigDict(env_prefix="INTENT_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "intent"
    default_port: ClassVar[int] = 8002

    max_text_chars: int = 200_000
