"""Payment service configuration (`PAYMENT_*`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from hotstack_libs.settings import ServiceSettings


class Settings(ServiceSettings):
    """Payment settings; prices are integer grains (1 grain = $0.01)."""

    model_config = SettingsConfigDict(env_prefix="PAYMENT_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "payment"
    default_port: ClassVar[int] = 8004

    base_price_grains: int = Field(default=4900, ge=0)
    price_per_page_grains: int = Field(default=1000, ge=0)
    expires_after_seconds: float = Field(default=7 * 24 * 3600, gt=0)
    expiry_check_seconds: float = Field(default=30.0, gt=0)
