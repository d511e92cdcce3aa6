"""Payment service configuration (`PAYMENT_*`)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from hotstack_libs.settings import ServiceSettings

from .domain.links import checkout_key


class Settings(ServiceSettings):
    """Payment settings; prices are integer grains (1 grain = $0.01)."""

    model_config = SettingsConfigDict(env_prefix="PAYMENT_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "payment"
    default_port: ClassVar[int] = 8004

    base_price_grains: int = Field(default=4900, ge=0)
    price_per_page_grains: int = Field(default=1000, ge=0)
    expires_after_seconds: float = Field(default=7 * 24 * 3600, gt=0)
    expiry_check_seconds: float = Field(
        default=30.0, gt=0, description="How often expiry and reconciliation run."
    )
    reconcile_after_seconds: float = Field(
        default=120.0,
        gt=0,
        description="A payment processing this long is asked of the provider (lost webhook).",
    )
    idempotency_ttl_seconds: float = Field(default=24 * 3600, ge=24 * 3600)
    webhook_secret: SecretStr = Field(
        default=SecretStr("whsec_sandbox_development_only"),
        description="Signs and verifies provider webhooks (Stripe-Signature).",
    )
    provider: Literal["sandbox"] = Field(
        default="sandbox", description="Card processor; others plug in behind PaymentProvider."
    )
    sandbox_async_delay_seconds: float = Field(default=2.0, ge=0)

    @property
    def checkout_key(self) -> bytes:
        """Signs checkout links (derived from HOTSTACK_AUTH_SECRET)."""
        return checkout_key(self.auth_secret.get_secret_value())
