"""The LLM extractor against a local server that answers like the chat-completions API,
including every way such a server fails; each failure falls back to the rules."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import SecretStr
from structlog.testing import capture_logs

from hotstack_contracts import Contact, HeroSection, Intent, Page, Palette, SiteSpec, SiteType
from hotstack_intent.llm import LlmError, LlmExtractor
from hotstack_intent.service import IntentReader
from hotstack_libs.documents import Sandbox
from hotstack_tools.processes import free_port
from hotstack_tools.testing.documents import read
from hotstack_tools.testing.fakes import FakeBlobStore

pytestmark = pytest.mark.integration

API_KEY = "sk-test-" + "k" * 32
BRIEF = "# Paws Rescue\n\nWe rehome dogs in Leeds. Email hello@paws.org"

GOOD = {
    "intent": Intent(
        site_type=SiteType.ANIMAL_SHELTER,
        business_name="Paws Rescue",
        tagline="Dogs rehomed in Leeds",
        audience="families",
        tone="warm",
        features=["contact_form"],
        palette=Palette(primary="#2f6f4f", accent="#9c3d10", background="#ffffff", text="#111111"),
        contact=Contact(emails=["hello@paws.org"]),
    ).model_dump(mode="json"),
    "spec": SiteSpec(
        pages=[
            Page(
                slug="index",
                title="Paws Rescue",
                sections=[HeroSection(heading="Paws Rescue", body="We rehome dogs.")],
            )
        ]
    ).model_dump(mode="json"),
}


def completion(content: Any, **message: Any) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content, **message}}],
    }


def chat_server(seen: list[dict[str, Any]]) -> FastAPI:
    """Behaviour is chosen by the model name the client sends."""
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Response:
        body = await request.json()
        seen.append({"body": body, "authorization": request.headers.get("authorization")})
        if request.headers.get("authorization") != f"Bearer {API_KEY}":
            return JSONResponse({"error": {"message": "bad key"}}, status_code=401)
        model = body["model"]
        if model == "good":
            return JSONResponse(completion(json.dumps(GOOD)))
        if model == "overloaded":
            return JSONResponse({"error": {"message": "overloaded"}}, status_code=503)
        if model == "slow":
            await asyncio.sleep(2)
            return JSONResponse(completion(json.dumps(GOOD)))
        if model == "prose":
            return JSONResponse(completion("Sure! Here is a lovely site for Paws Rescue."))
        if model == "wrong-shape":
            bad = {**GOOD, "intent": {**GOOD["intent"], "site_type": "spaceship"}}
            return JSONResponse(completion(json.dumps(bad)))
        if model == "refuses":
            return JSONResponse(completion(None, refusal="I can't help with that."))
        if model == "no-choices":
            return JSONResponse({"id": "x", "choices": []})
        if model == "html-error-page":
            return PlainTextResponse("<html>502 Bad Gateway</html>", status_code=200)
        return JSONResponse({"error": {"message": "unknown model"}}, status_code=404)

    return app


@pytest.fixture
async def server() -> AsyncIterator[tuple[str, list[dict[str, Any]]]]:
    seen: list[dict[str, Any]] = []
    port = free_port()
    config = uvicorn.Config(chat_server(seen), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    task = asyncio.create_task(instance.serve())
    while not instance.started:  # noqa: ASYNC110 - uvicorn offers no event to wait on
        await asyncio.sleep(0.02)
    yield f"http://127.0.0.1:{port}/v1", seen
    instance.should_exit = True
    await task


async def test_a_valid_answer_becomes_intent_and_spec(server: tuple[str, list[Any]]) -> None:
    url, seen = server
    llm = LlmExtractor(url, "good", SecretStr(API_KEY), timeout=5)
    try:
        intent, spec = await llm.extract(BRIEF, "pet adoption site")
    finally:
        await llm.close()
    assert intent.business_name == "Paws Rescue"
    assert spec.pages[0].sections[0].body == "We rehome dogs."
    request = seen[0]["body"]
    assert request["response_format"]["type"] == "json_schema"
    assert request["response_format"]["json_schema"]["schema"]["required"] == ["intent", "spec"]
    assert "We rehome dogs in Leeds" in request["messages"][1]["content"]
    assert "pet adoption site" in request["messages"][1]["content"]


@pytest.mark.parametrize(
    ("model", "key", "why"),
    [
        ("overloaded", API_KEY, "HTTP 503"),
        ("good", "sk-wrong", "HTTP 401"),
        ("slow", API_KEY, "in time"),
        ("prose", API_KEY, "not JSON"),
        ("wrong-shape", API_KEY, "does not fit the schema"),
        ("refuses", API_KEY, "refused"),
        ("no-choices", API_KEY, "not a chat completion"),
        ("html-error-page", API_KEY, "not a chat completion"),
        ("missing-model", API_KEY, "HTTP 404"),
    ],
)
async def test_every_failure_is_an_llm_error_with_its_reason(
    server: tuple[str, list[Any]], model: str, key: str, why: str
) -> None:
    url, _ = server
    llm = LlmExtractor(url, model, SecretStr(key), timeout=0.5)
    try:
        with pytest.raises(LlmError, match=why):
            await llm.extract(BRIEF, "pet adoption site")
    finally:
        await llm.close()


async def test_unreachable_server_is_an_llm_error() -> None:
    llm = LlmExtractor(f"http://127.0.0.1:{free_port()}/v1", "good", None, timeout=1)
    try:
        with pytest.raises(LlmError, match="could not be reached"):
            await llm.extract(BRIEF, "site")
    finally:
        await llm.close()


@pytest.mark.parametrize(("model", "extractor"), [("good", "llm:good"), ("prose", "rules")])
async def test_the_handler_falls_back_to_rules_and_records_which_extractor(
    server: tuple[str, list[Any]], model: str, extractor: str
) -> None:
    url, _ = server
    llm = LlmExtractor(url, model, SecretStr(API_KEY), timeout=5)
    reader = IntentReader(FakeBlobStore(), Sandbox(), llm)
    try:
        with capture_logs() as logs:
            intent, _, used = await reader._extract(read(BRIEF), "pet adoption site")
    finally:
        await llm.close()
    assert used == extractor
    assert intent.business_name == "Paws Rescue"  # both extractors read the same name
    assert API_KEY not in json.dumps(logs, default=str)
    if extractor == "rules":
        assert logs[0]["event"] == "intent.llm_fallback"
        assert logs[0]["reason"] == "the answer is not JSON"
