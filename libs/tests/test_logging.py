"""The fields of the event being handled reach every line logged while it is handled."""

from __future__ import annotations

from typing import Any

import pytest
import structlog
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_contracts import Envelope, UploadReceived
from hotstack_libs.bus import (
    EventConsumer,
    RetryPolicy,
    Subscription,
    Transaction,
    TransactionFactory,
)
from hotstack_libs.logging import event_fields, merge_event_fields

from .conftest import make_event


def test_event_fields_are_merged_inside_the_block_only_and_never_override() -> None:
    assert merge_event_fields(None, "info", {"event": "x"}) == {"event": "x"}
    with event_fields({"event_id": "evt_1", "tenant": "acme"}):
        assert merge_event_fields(None, "info", {"event": "x", "tenant": "bound"}) == {
            "event": "x",
            "tenant": "bound",
            "event_id": "evt_1",
        }
        with event_fields({"event_id": "evt_2"}):
            assert merge_event_fields(None, "info", {})["event_id"] == "evt_2"
        assert merge_event_fields(None, "info", {})["event_id"] == "evt_1"
    assert merge_event_fields(None, "info", {}) == {}


def test_the_event_s_fields_win_over_those_bound_around_it() -> None:
    processors = [merge_event_fields, structlog.contextvars.merge_contextvars]

    def logged(**explicit: Any) -> dict[str, Any]:
        line: dict[str, Any] = {"event": "x", **explicit}
        for processor in processors:
            line = dict(processor(None, "info", line))
        return line

    with structlog.contextvars.bound_contextvars(correlationid="req_1", service="upload"):
        with event_fields({"correlationid": "upl_1", "event_id": "evt_1"}):
            assert logged() == {
                "event": "x",
                "correlationid": "upl_1",
                "event_id": "evt_1",
                "service": "upload",
            }
            assert logged(correlationid="mine")["correlationid"] == "mine"
        assert logged()["correlationid"] == "req_1"


@pytest.mark.integration
async def test_a_handler_logs_with_its_event_s_fields(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    seen: list[dict[str, Any]] = []

    async def handler(envelope: Envelope[UploadReceived], tx: Transaction) -> None:
        seen.append(merge_event_fields(None, "info", {"event": "handling"}))

    consumer = EventConsumer(
        "test",
        Subscription(UploadReceived, handler),
        TransactionFactory(sessions),
        broker=None,  # type: ignore[arg-type]  # only dead letters use it
        retry=RetryPolicy(max_deliver=1, ack_wait=1.0, nak_delays=()),
    )
    first, second = make_event(), make_event()
    outcomes = await consumer._apply_each([first, second])
    assert outcomes == {first.id: "applied", second.id: "applied"}
    assert [(line["event_id"], line["correlationid"], line["tenant"]) for line in seen] == [
        (e.id, e.correlationid, e.tenant) for e in (first, second)
    ]
    assert all(line["event_type"] == UploadReceived.subject for line in seen)
    assert merge_event_fields(None, "info", {}) == {}
