"""Notifier configuration (`NOTIFIER_*`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from hotstack_libs.mail import SmtpSettings
from hotstack_libs.settings import ServiceSettings


class Settings(ServiceSettings, SmtpSettings):
    """Notifier settings."""

    model_config = SettingsConfigDict(env_prefix="NOTIFIER_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "notifier"
    default_port: ClassVar[int] = 8006

    webhook_retry_schedule_seconds: tuple[float, ...] = (0, 5, 300, 1800, 7200, 18000, 36000, 36000)
    webhook_allow_loopback: bool = Field(
        default=False, description="Development and tests only: let webhooks reach 127.0.0.1."
    )
    webhook_lease_seconds: float = Field(default=60.0, gt=0)
    webhook_poll_seconds: float = Field(default=0.5, gt=0)
    webhook_disable_after_seconds: float = Field(default=5 * 24 * 3600, gt=0)
    webhook_rotation_grace_seconds: float = Field(default=24 * 3600, ge=0)
