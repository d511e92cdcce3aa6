"""Intent service configuration (`INTENT_*`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from hotstack_libs.settings import DocumentReading, ServiceSettings


class Settings(ServiceSettings, DocumentReading):
    """Intent settings. The LLM extractor is used only when `llm_url` and `llm_model` are set."""

    model_config = SettingsConfigDict(env_prefix="INTENT_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "intent"
    default_port: ClassVar[int] = 8002

    max_text_chars: int = 200_000
    llm_url: str | None = Field(
        default=None, description="Base URL of an OpenAI-compatible API, e.g. http://host/v1."
    )
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_seconds: float = Field(default=30.0, gt=0)
    llm_max_brief_chars: int = Field(default=24_000, ge=1000)
