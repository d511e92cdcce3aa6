"""The optional LLM extractor: an OpenAI-compatible chat-completions API answering in JSON.

The answer must validate against the same pydantic models as the rules extractor's
output; anything else (HTTP error, timeout, refusal, malformed or invalid JSON) raises
LlmError, and the caller falls back to the rules.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, SecretStr, ValidationError

from hotstack_contracts import Intent, SiteSpec

SYSTEM_PROMPT = (
    "You read a small business's brief and the site they ask for, and answer with the site's "
    "intent and spec as JSON matching the schema. Use the brief's own words for names, "
    "headings and copy; never invent facts or placeholder text. The request wins over the "
    "brief where they disagree. Colours are lowercase #rrggbb with readable contrast."
)


class LlmAnswer(BaseModel):
    """What the model must return."""

    model_config = ConfigDict(extra="forbid")

    intent: Intent
    spec: SiteSpec


class LlmError(Exception):
    """The model's answer is unusable; the message says why (never the API key)."""


class LlmExtractor:
    """Calls `{url}/chat/completions` with a JSON-schema response format."""

    def __init__(
        self,
        url: str,
        model: str,
        api_key: SecretStr | None,
        *,
        timeout: float = 30.0,
        max_brief_chars: int = 24_000,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.name = f"llm:{model}"
        self.model = model
        self.max_brief_chars = max_brief_chars
        headers = {"Authorization": f"Bearer {api_key.get_secret_value()}"} if api_key else {}
        self._client = httpx.AsyncClient(
            base_url=url.rstrip("/"),
            headers=headers,
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            transport=transport,
        )

    def request_body(self, text: str, prompt: str) -> dict[str, Any]:
        """The chat-completions request for one brief."""
        brief = text[: self.max_brief_chars]
        return {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": f"Request: {prompt}\n\nBrief:\n{brief}"},
            ],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "site_intent", "schema": LlmAnswer.model_json_schema()},
            },
        }

    async def extract(self, text: str, prompt: str) -> tuple[Intent, SiteSpec]:
        """Intent and spec from the model, or LlmError."""
        try:
            response = await self._client.post(
                "/chat/completions", json=self.request_body(text, prompt)
            )
        except httpx.TimeoutException as error:
            raise LlmError("the model did not answer in time") from error
        except httpx.HTTPError as error:
            raise LlmError(f"the model could not be reached ({type(error).__name__})") from error
        if response.status_code != 200:
            raise LlmError(f"the model answered HTTP {response.status_code}")
        try:
            message = response.json()["choices"][0]["message"]
        except (ValueError, KeyError, IndexError, TypeError) as error:
            raise LlmError("the answer is not a chat completion") from error
        if not isinstance(message, dict):
            raise LlmError("the answer is not a chat completion")
        if message.get("refusal"):
            raise LlmError("the model refused")
        content = message.get("content")
        if not isinstance(content, str) or not content.strip():
            raise LlmError("the answer has no content")
        try:
            answer = LlmAnswer.model_validate(json.loads(content))
        except json.JSONDecodeError as error:
            raise LlmError("the answer is not JSON") from error
        except ValidationError as error:
            count = error.error_count()
            raise LlmError(f"the answer does not fit the schema ({count} errors)") from error
        return answer.intent, answer.spec

    async def close(self) -> None:
        """Close the HTTP client."""
        await self._client.aclose()
