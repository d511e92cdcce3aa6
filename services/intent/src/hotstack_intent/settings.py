"""Intent service configuration (`INTENT_*`)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from hotstack_libs.settings import DocumentReading, ServiceSettings

if TYPE_CHECKING:
    from hotstack_libs.documents import Limits


class Settings(ServiceSettings, DocumentReading):
    """Intent settings. The LLM extractor is used only when `llm_url` and `llm_model` are set."""

    model_config = SettingsConfigDict(env_prefix="INTENT_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "intent"
    default_port: ClassVar[int] = 8002

    max_text_chars: int = Field(default=200_000, ge=1000, description="Text read per brief.")
    llm_url: str | None = Field(
        default=None, description="Base URL of an OpenAI-compatible API, e.g. http://host/v1."
    )
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_seconds: float = Field(default=30.0, gt=0)
    llm_max_brief_chars: int = Field(default=24_000, ge=1000)

    def document_limits(self) -> Limits:
        """The sandbox limits, reading at most `max_text_chars` of each brief."""
        return replace(super().document_limits(), max_chars=self.max_text_chars)
