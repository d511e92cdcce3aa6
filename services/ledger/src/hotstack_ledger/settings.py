"""Ledger service configuration (`LEDGER_*`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from hotstack_libs.settings import ServiceSettings


class Settings(ServiceSettings):
    """Ledger settings."""

    model_config = SettingsConfigDict(env_prefix="LEDGER_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "ledger"
    default_port: ClassVar[int] = 8005

    origin_host: str = Field(default="hotstack.local", description="Checkpoint origin prefix.")
    key_name: str = Field(default="hotstack.local", description="Signed-note key name.")
    signing_key: SecretStr | None = Field(default=None, description="Base64 Ed25519 seed.")
    checkpoint_every_entries: int = Field(default=1000, ge=1)
    checkpoint_every_seconds: float = Field(default=5.0, gt=0)
    pull_batch_size: int = Field(default=256, ge=1, le=1024)
