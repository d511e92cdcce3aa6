"""Sending email over SMTP (aiosmtplib), STARTTLS when offered or required: the settings a
service that sends mail takes (under its own prefix: `NOTIFIER_SMTP_HOST`,
`UPLOAD_SMTP_HOST`, …) and the mailer they configure."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Protocol

import aiosmtplib
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings


class SmtpSettings(BaseSettings):
    """Where a service's mail goes, and from whom."""

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2525
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool | None = Field(
        default=None, description="True: require STARTTLS; False: never; unset: when offered."
    )
    smtp_timeout_seconds: float = 15.0
    mail_from: str = "HotStack <no-reply@hotstack.local>"


class Mailer(Protocol):
    """Sends one message."""

    async def send(self, message: EmailMessage) -> None: ...


class SmtpMailer:
    """An SMTP relay from settings."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    async def send(self, message: EmailMessage) -> None:
        """Send, raising on any SMTP or connection error."""
        password = self.settings.smtp_password
        await aiosmtplib.send(
            message,
            hostname=self.settings.smtp_host,
            port=self.settings.smtp_port,
            username=self.settings.smtp_username,
            password=password.get_secret_value() if password else None,
            start_tls=self.settings.smtp_starttls,
            timeout=self.settings.smtp_timeout_seconds,
        )
