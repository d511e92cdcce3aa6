"""Sending email over SMTP (aiosmtplib), STARTTLS when offered or required."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Protocol

import aiosmtplib

from .settings import Settings


class Mailer(Protocol):
    """Sends one message."""

    async def send(self, message: EmailMessage) -> None: ...


class SmtpMailer:
    """An SMTP relay from settings."""

    def __init__(self, settings: Settings) -> None:
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
