"""Ledger service configuration (`LEDGER_*`)."""

from __future__ import annotations

from typing import ClassVar, Self

from pydantic import Field, SecretStr, model_validator
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
    witness_url: str | None = Field(
        default=None, description="A C2SP tlog-witness that co-signs each new checkpoint."
    )
    witness_key: str | None = Field(
        default=None, description="The witness's verifier key (type 0x04), to check its lines."
    )
    witness_timeout_seconds: float = Field(default=5.0, gt=0)

    @model_validator(mode="after")
    def _witness_with_its_key(self) -> Self:
        if (self.witness_url is None) != (self.witness_key is None):
            raise ValueError("LEDGER_WITNESS_URL and LEDGER_WITNESS_KEY go together")
        return self
