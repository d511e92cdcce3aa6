"""Build service configuration (`BUILD_*`)."""

from __future__ import annotations

import hashlib
import hmac
from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from hotstack_libs.settings import ServiceSettings
from hotstack_libs.store.ratelimit import Rate


class Settings(ServiceSettings):
    """Build settings."""

    model_config = SettingsConfigDict(env_prefix="BUILD_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "build"
    default_port: ClassVar[int] = 8003

    form_min_seconds: float = Field(
        default=3.0, ge=0, description="A form sent sooner after its page was served is refused."
    )
    form_max_seconds: float = Field(
        default=24 * 3600.0, gt=0, description="A form open longer than this has expired."
    )
    form_site_per_minute: float = Field(default=10.0, gt=0, description="Forms per site.")
    form_site_burst: int = Field(default=30, ge=1)
    form_client_per_minute: float = Field(
        default=1.0, gt=0, description="Forms per visitor (address) of one site."
    )
    form_client_burst: int = Field(default=6, ge=1)

    @property
    def site_form_rate(self) -> Rate:
        """How many forms one site takes."""
        return Rate(per_minute=self.form_site_per_minute, burst=self.form_site_burst)

    @property
    def client_form_rate(self) -> Rate:
        """How many forms one visitor may send one site."""
        return Rate(per_minute=self.form_client_per_minute, burst=self.form_client_burst)

    def form_key(self) -> bytes:
        """The key that signs form tokens, derived from the service's auth secret (one
        secret fewer to configure; a token says nothing about the secret)."""
        secret = self.auth_secret.get_secret_value().encode()
        return hmac.new(secret, b"hotstack form tokens", hashlib.sha256).digest()
