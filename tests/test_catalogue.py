"""The AsyncAPI export and the README's subject table are generated from the services'
subscriptions (`make asyncapi`); these fail when either is stale."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hotstack_contracts import EVENTS, Event
from hotstack_contracts.export import rendered_files
from hotstack_tools.catalogue import (
    TABLE_END,
    TABLE_START,
    flow_diagram,
    receivers,
    subject_table,
    subscriptions,
    with_diagram,
    with_table,
)

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
EXPORT = ROOT / "contracts" / "export"
FOUND = subscriptions()


def test_the_committed_export_is_current() -> None:
    """`make asyncapi` regenerates contracts/export; run it when this fails."""
    expected = rendered_files(receivers(FOUND))
    committed = {
        str(path.relative_to(EXPORT)): path.read_text(encoding="utf-8")
        for path in EXPORT.rglob("*.json")
    }
    assert sorted(committed) == sorted(expected), "export files differ: run `make asyncapi`"
    stale = [name for name, text in expected.items() if committed[name] != text]
    assert stale == [], f"stale export: {stale}; run `make asyncapi`"


def test_the_readmes_subject_table_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == with_table(readme, subject_table(FOUND)), "run `make asyncapi`"


def test_the_architecture_diagram_is_current() -> None:
    architecture = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert architecture == with_diagram(architecture, flow_diagram(FOUND)), "run `make asyncapi`"
    assert 'upload -- "UploadReceived, UploadRevised" --> intent' in architecture


def test_every_subscription_has_a_receive_operation_on_each_channel_it_reads() -> None:
    operations = json.loads(rendered_files(receivers(FOUND))["asyncapi.json"])["operations"]
    received = {
        (op["title"].split(" ")[0], op["channel"]["$ref"].removeprefix("#/channels/"))
        for op in operations.values()
        if op["action"] == "receive"
    }
    expected = {
        (service, event.subject.replace(".", "_"))
        for service, listed in FOUND.items()
        for subscription in listed
        for event in EVENTS
        if subscription.event in (Event, event)
    }
    assert received == expected
    assert sum(op["action"] == "send" for op in operations.values()) == len(EVENTS)
    assert {service for service, _ in received} == set(FOUND)  # every service consumes


def test_a_stale_table_is_replaced_and_a_readme_without_the_block_is_refused() -> None:
    stale = f"intro\n{TABLE_START}\n| old |\n{TABLE_END}\noutro\n"
    updated = with_table(stale, "| new |")
    assert re.search(r"\| new \|", updated)
    assert "| old |" not in updated
    assert updated.startswith("intro\n")
    assert updated.endswith("outro\n")
    with pytest.raises(ValueError, match="has no"):
        with_table("no table here", "| new |")
