"""Ledger service configuration (`LEDGER_*`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from hotstack_libs.settings import ServiceSettings


class Settings(ServiceSettings):
    """Ledger settings."""

    model_config = SettingsConfigDict(env_prefix="LEDGER_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "ledger"
    default_port: ClassVar[int] = 8005
