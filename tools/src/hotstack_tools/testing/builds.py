"""The build service in a test: a sample intent, a builder on the service's store, a settlement."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from hotstack_build.service import Builder
from hotstack_contracts import BuildCompleted, Envelope, IntentExtracted, PaymentSettled
from hotstack_contracts.site import Contact
from hotstack_intent.domain.extract import extract
from hotstack_libs.http import Runtime, service_of

from .documents import read
from .fakes import FakeBlobStore
from .services import running

TENANT = "acme"


BRIEF = """# Lantern Books

An independent bookshop in Hebden Bridge with a café upstairs.

## Events
- Author readings every first Thursday
- Story time on Saturdays

Email: hello@lanternbooks.co.uk
"""


def intent_event(upload_id: str = "upl_lantern") -> Envelope[IntentExtracted]:
    intent, spec = extract(read(BRIEF), "A website for our bookshop")
    intent = intent.model_copy(update={"contact": Contact(emails=["hello@lanternbooks.co.uk"])})
    return Envelope.new(
        IntentExtracted(
            upload_id=upload_id, intent_id="int_1", extractor="rules", intent=intent, spec=spec
        ),
        source="hotstack/intent",
        tenant=TENANT,
        correlation_id=upload_id,
        subject="int_1",
    )


@asynccontextmanager
async def build_service(
    database_url: str, nats_url: str, tmp_path: Path
) -> AsyncIterator[tuple[FastAPI, Builder, FakeBlobStore]]:
    blobs = FakeBlobStore()
    async with running("build", database_url, nats_url, tmp_path, blobs) as (app, _):
        settings = service_of(app).runtime.settings
        yield app, Builder(blobs, settings.public_url), blobs


def settlement(completed: BuildCompleted, payment_id: str) -> PaymentSettled:
    """The payment for a completed build, settled."""
    return PaymentSettled(
        payment_id=payment_id,
        build_id=completed.build_id,
        upload_id=completed.upload_id,
        amount_grains=1000,
        care_loop_grains=150,
        total_grains=1150,
        provider="sandbox",
        provider_reference=f"ch_{payment_id}",
    )


async def build(app: FastAPI, builder: Builder, event: Envelope[Any]) -> BuildCompleted:
    runtime: Runtime[Any] = service_of(app).runtime
    async with runtime.transactions() as tx:
        await builder.on_intent_extracted(event, tx)
        completed = [e.data for e in tx.emitted if isinstance(e.data, BuildCompleted)]
    assert len(completed) == 1
    return completed[0]
