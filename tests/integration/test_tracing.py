"""One upload's spans join up: the HTTP request, then each consumer of each event it
causes, every span in the caller's trace and a child of the span that emitted the event."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from hotstack_intent.bootstrap import create_app as create_intent
from hotstack_intent.settings import Settings as IntentSettings
from hotstack_libs.http import Runtime, service_of
from hotstack_payment.bootstrap import create_app as create_payment
from hotstack_payment.domain.links import signature
from hotstack_payment.settings import Settings as PaymentSettings
from hotstack_tools.processes import NatsServer
from hotstack_tools.testing.fakes import FakeBlobStore
from hotstack_tools.testing.services import auth, serving, upload_settings
from hotstack_upload.bootstrap import create_app as create_upload

pytestmark = pytest.mark.integration

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER = f"00-{TRACE_ID}-00f067aa0ba902b7-01"


@pytest.fixture(scope="module")
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    if trace.get_tracer_provider() is not provider:
        pytest.skip("another tracer provider was installed first in this process")
    yield exporter
    provider.shutdown()  # later tests record nothing
    exporter.clear()


async def test_an_uploads_spans_form_one_trace(
    spans: InMemorySpanExporter, fresh_nats: NatsServer, tmp_path: Path
) -> None:
    spans.clear()
    blobs = FakeBlobStore()
    upload = create_upload(
        upload_settings(f"sqlite+aiosqlite:///{tmp_path / 'u.db'}", fresh_nats.url, tmp_path),
        blobs=blobs,
    )
    intent = create_intent(
        IntentSettings(
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'i.db'}",
            nats_url=fresh_nats.url,
            state_dir=tmp_path,
            environment="test",
        ),
        blobs=blobs,
    )
    async with AsyncExitStack() as stack:
        client = await stack.enter_async_context(serving(upload))
        await stack.enter_async_context(serving(intent))
        created = await client.post(
            "/api/upload",
            data={"prompt": "A pet adoption site"},
            files={"file": ("brief.md", b"# Paws Rescue\n\nWe rehome dogs.", "text/markdown")},
            headers={**auth("acme"), "traceparent": CALLER},
        )
        assert created.status_code == 201, created.text
        upload_id = created.json()["upload_id"]
        for _ in range(200):
            body = (await client.get(f"/api/uploads/{upload_id}", headers=auth("acme"))).json()
            if body["status"] == "building":
                break
            await asyncio.sleep(0.1)
        assert body["status"] == "building"
        runtime: Runtime[Any] = service_of(intent).runtime
        async with runtime.engine.connect() as connection:
            payload = (
                await connection.execute(sa.text("SELECT payload FROM outbox LIMIT 1"))
            ).scalar_one()
        extracted = json.loads(payload)

    finished = spans.get_finished_spans()
    by_id = {span.context.span_id: span for span in finished}

    def ancestors(span: ReadableSpan) -> list[str]:
        names = []
        while span.parent is not None and span.parent.span_id in by_id:
            span = by_id[span.parent.span_id]
            names.append(span.name)
        return names

    (http,) = [s for s in finished if s.name == "POST /api/upload"]
    (consumed,) = [
        s
        for s in finished
        if s.name == "hotstack.upload.received.v1 process"
        and (s.attributes or {}).get("messaging.consumer.group.name") == "intent-upload-received-v1"
    ]
    # The request joined the caller's trace, and the intent service's consumer span
    # descends from it (UploadReceived carried the request's traceparent).
    assert f"{http.context.trace_id:032x}" == TRACE_ID
    assert http.parent is not None
    assert f"{http.parent.span_id:016x}" == CALLER.split("-")[2]
    assert consumed.context.trace_id == http.context.trace_id
    assert "POST /api/upload" in ancestors(consumed)
    # IntentExtracted carries the intent consumer's span, the parent of what comes next.
    assert extracted["traceparent"] == f"00-{TRACE_ID}-{consumed.context.span_id:016x}-01"
    (timeline,) = [s for s in finished if s.name == "hotstack.intent.extracted.v2 process"]
    assert timeline.parent is not None
    assert timeline.parent.span_id == consumed.context.span_id


async def test_a_checkout_links_signature_never_reaches_a_span(
    spans: InMemorySpanExporter, tmp_path: Path
) -> None:
    spans.clear()
    payment = create_payment(
        PaymentSettings(
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'p.db'}",
            state_dir=tmp_path,
            environment="test",
        )
    )
    secret = signature(b"k" * 32, "pay_1")
    transport = httpx.ASGITransport(app=payment)
    async with httpx.AsyncClient(transport=transport, base_url="http://payment") as client:
        page = await client.get(f"/checkout/pay_1?sig={secret}")
    assert page.status_code == 404  # not this deployment's key; the span is made all the same
    (span,) = [s for s in spans.get_finished_spans() if s.name == "GET /checkout/{payment_id}"]
    attributes = dict(span.attributes or {})
    assert attributes["url.query"] == "sig=REDACTED"
    assert not any(secret in str(value) for value in attributes.values())
