"""The catalogue: envelopes, validation, and the committed schema export."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hotstack_contracts import (
    EVENTS,
    MAX_SAFE_INTEGER,
    Envelope,
    InvalidEventError,
    PaymentRequested,
    UploadReceived,
    parse_event,
)
from hotstack_contracts.export import rendered_files

pytestmark = pytest.mark.unit

EXPORT = Path(__file__).parents[1] / "export"


def upload_event(**overrides: object) -> Envelope[UploadReceived]:
    data = {
        "upload_id": "upl_1",
        "file_id": "file_1",
        "filename": "brief.md",
        "content_type": "text/markdown",
        "size_bytes": 10,
        "sha256": "a" * 64,
        "blob_key": "acme/uploads/upl_1/original",
        "prompt": "Build me a site",
    }
    data.update(overrides)
    return Envelope.new(
        UploadReceived(**data),  # type: ignore[arg-type]
        source="hotstack/upload",
        tenant="acme",
        correlation_id="upl_1",
        subject="upl_1",
    )


def test_every_event_has_a_unique_versioned_subject() -> None:
    subjects = [event.subject for event in EVENTS]
    assert len(EVENTS) == 18  # seventeen events, one of them also in its earlier version
    assert len(set(subjects)) == len(EVENTS)
    for subject in subjects:
        parts = subject.split(".")
        assert parts[0] == "hotstack"
        assert len(parts) == 4
        assert parts[3] in ("v1", "v2")
    assert {s.rsplit(".", 1)[0] for s in subjects if s.endswith(".v2")} == {
        "hotstack.intent.extracted"
    }


def test_envelope_round_trips_through_the_wire_form() -> None:
    event = upload_event()
    parsed = parse_event(event.to_json())
    assert parsed == event
    assert isinstance(parsed.data, UploadReceived)
    assert parsed.type == "hotstack.upload.received.v1"
    assert parsed.id.startswith("evt_")


def test_follow_up_event_keeps_tenant_correlation_and_names_its_cause() -> None:
    first = upload_event()
    first = first.model_copy(update={"traceparent": "00-" + "1" * 32 + "-" + "2" * 16 + "-01"})
    follow = first.caused(
        PaymentRequested(
            payment_id="pay_1",
            build_id="bld_1",
            upload_id="upl_1",
            amount_grains=100,
            care_loop_grains=15,
            total_grains=115,
            checkout_url="http://x",
            expires_at=first.time,
        ),
        source="hotstack/payment",
        subject="pay_1",
    )
    assert follow.tenant == "acme"
    assert follow.correlationid == "upl_1"
    assert follow.causationid == first.id
    assert follow.traceparent == first.traceparent
    assert follow.id != first.id


@pytest.mark.parametrize(
    ("mutate", "named"),
    [
        (lambda e: e.pop("tenantid"), "tenantid"),
        (lambda e: e.update(tenantid="Not A Tenant!"), "tenantid"),
        (lambda e: e["data"].update(size_bytes=10.5), "floats are not allowed"),
        (lambda e: e["data"].update(size_bytes=MAX_SAFE_INTEGER + 1), "2^53"),
        (lambda e: e["data"].pop("sha256"), "data.sha256"),
        (lambda e: e.update(type="hotstack.nope.v1"), "unknown event type"),
        (lambda e: e.update(time="2026-01-01T00:00:00"), "time"),
        (lambda e: e.update(extra="field"), "extra"),
    ],
)
def test_invalid_envelopes_are_refused_naming_the_problem(
    mutate: Callable[[dict[str, Any]], object], named: str
) -> None:
    raw = json.loads(upload_event().to_json())
    mutate(raw)
    with pytest.raises(InvalidEventError) as refused:
        parse_event(json.dumps(raw))
    assert named in refused.value.reason


def test_envelope_type_must_match_its_payload() -> None:
    raw = json.loads(upload_event().to_json())
    raw["type"] = "hotstack.intent.failed.v1"
    with pytest.raises(InvalidEventError):
        parse_event(json.dumps(raw))


def test_non_json_is_refused() -> None:
    with pytest.raises(InvalidEventError, match="not a HotStack envelope"):
        parse_event(b"\xff\x00 not json")


def _properties(node: object) -> list[tuple[str, dict[str, object]]]:
    found: list[tuple[str, dict[str, object]]] = []
    if isinstance(node, dict):
        for name, value in node.get("properties", {}).items():
            found.append((name, value))
        for value in node.values():
            found.extend(_properties(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_properties(value))
    return found


def test_schemas_describe_money_as_integers_and_never_floats() -> None:
    document = json.loads(rendered_files()["asyncapi.json"])
    properties = _properties(document)
    grains = [(name, spec) for name, spec in properties if name.endswith("_grains")]
    assert len(grains) >= 6
    assert all(spec["type"] == "integer" for _, spec in grains)
    assert "number" not in _types(document)  # no float anywhere (a form field's "number" input
    # type is a string value, not a schema type)


def _types(node: Any) -> set[str]:
    """Every JSON Schema `type` used anywhere in a document."""
    if isinstance(node, list):
        return set().union(*(_types(item) for item in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = {node["type"]} if isinstance(node.get("type"), str) else set()
    return found.union(*(_types(value) for value in node.values()))


def test_asyncapi_document_lists_every_channel_and_operation() -> None:
    document = json.loads(rendered_files()["asyncapi.json"])
    assert document["asyncapi"].startswith("3.")
    addresses = {channel["address"] for channel in document["channels"].values()}
    assert {event.subject for event in EVENTS} <= addresses
    assert len(document["operations"]) == len(EVENTS)
