"""Build service configuration (`BUILD_*`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from hotstack_libs.settings import ServiceSettings


class Settings(ServiceSettings):
    """Build settings."""

    model_config = SettingsConfigDict(env_prefix="BUILD_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "build"
    default_port: ClassVar[int] = 8003

    contact_form_action: str = "mailto:"
