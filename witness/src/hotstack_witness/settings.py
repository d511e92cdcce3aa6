"""Witness configuration (`WITNESS_*`)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Who the witness is, which logs it watches, and where it keeps what it saw."""

    model_config = SettingsConfigDict(env_prefix="WITNESS_", extra="ignore", populate_by_name=True)

    name: str = Field(default="witness.hotstack.local", description="Cosigner key name.")
    key: SecretStr | None = Field(default=None, description="Base64 Ed25519 seed.")
    logs: str = Field(
        default="",
        description=(
            "Logs to witness, one per line or ';'-separated: `<origin> <verifier key>`; an "
            "origin ending in `*` covers every origin with that prefix (a ledger's tenants)."
        ),
    )
    host: str = "127.0.0.1"
    port: int = 8007
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    environment: str = Field(default="embedded", validation_alias="HOTSTACK_ENV")
    state_dir: Path = Field(default=Path(".hotstack"), validation_alias="HOTSTACK_STATE_DIR")
    log_level: str = Field(default="INFO", validation_alias="HOTSTACK_LOG_LEVEL")
    log_format: Literal["auto", "json", "console"] = Field(
        default="auto", validation_alias="HOTSTACK_LOG_FORMAT"
    )

    @property
    def database(self) -> Path:
        """The witness's own SQLite file: the latest checkpoint per origin."""
        return self.state_dir / "witness" / "witness.db"
