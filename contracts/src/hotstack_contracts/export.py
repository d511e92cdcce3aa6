"""Export JSON Schema per event and one AsyncAPI 3 document (`make asyncapi`)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalogue import DLQ_PREFIX, EVENTS, STREAM_NAME
from .envelope import Event, envelope_of

PRODUCERS = {
    "upload": "upload",
    "intent": "intent",
    "build": "build",
    "payment": "payment",
    "site": "build",
    "form": "build",
    "notification": "notifier",
    "ledger": "ledger",
}


@dataclass(frozen=True)
class Receiver:
    """One durable consumer of a service: which events it receives (all, for `Event`)."""

    service: str
    durable: str
    event: type[Event]

    def receives(self, event: type[Event]) -> bool:
        """Whether this consumer is given `event`."""
        return self.event is Event or self.event is event


Receivers = Mapping[str, Sequence[Receiver]]
"""Each service's durable consumers, in the order the service declares them."""


def _schema_name(event: type[Event]) -> str:
    return event.__name__


def event_schema(event: type[Event], ref_template: str = "#/$defs/{model}") -> dict[str, Any]:
    """JSON Schema (2020-12) of one event's full envelope."""
    envelope = envelope_of(event)
    schema: dict[str, Any] = envelope.model_json_schema(ref_template=ref_template)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://hotstack.dev/schemas/{event.subject}.json"
    schema["title"] = _schema_name(event)
    schema["description"] = (event.__doc__ or "").strip()
    return schema


def asyncapi_document(receivers: Receivers | None = None) -> dict[str, Any]:
    """The AsyncAPI 3.0 document of every HotStack channel: who sends each event and, given
    the services' subscriptions, which durable consumer of which service receives it."""
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for event in EVENTS:
        name = _schema_name(event)
        schema = event_schema(event, ref_template="#/components/schemas/{model}")
        definitions = schema.pop("$defs", {})
        for key, value in definitions.items():
            schemas.setdefault(key, value)
        schema.pop("$schema", None)
        schema.pop("$id", None)
        envelope_name = f"{name}Envelope"
        schemas[envelope_name] = schema
        channel_id = event.subject.replace(".", "_")
        messages[name] = {
            "name": name,
            "title": name,
            "summary": (event.__doc__ or "").strip(),
            "contentType": "application/json",
            "payload": {"$ref": f"#/components/schemas/{envelope_name}"},
            "headers": {
                "type": "object",
                "properties": {
                    "Nats-Msg-Id": {
                        "type": "string",
                        "description": "Equals the envelope id; JetStream deduplicates on it.",
                    }
                },
            },
        }
        channels[channel_id] = {
            "address": event.subject,
            "title": event.subject,
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
            "bindings": {"nats": {"bindingVersion": "0.1.0"}},
        }
        aggregate = event.subject.split(".")[1]
        operations[f"publish{name}"] = {
            "action": "send",
            "title": f"{PRODUCERS[aggregate]} publishes {name}",
            "channel": {"$ref": f"#/channels/{channel_id}"},
            "messages": [{"$ref": f"#/channels/{channel_id}/messages/{name}"}],
        }
        for service, consumers in (receivers or {}).items():
            for receiver in consumers:
                if receiver.receives(event):
                    durable = "".join(part.title() for part in receiver.durable.split("-"))
                    operations[f"{durable}Receives{name}"] = {
                        "action": "receive",
                        "title": f"{service} receives {name} (durable {receiver.durable})",
                        "channel": {"$ref": f"#/channels/{channel_id}"},
                        "messages": [{"$ref": f"#/channels/{channel_id}/messages/{name}"}],
                    }
    channels["dead_letters"] = {
        "address": DLQ_PREFIX + ".{service}",
        "title": "Dead letters of one service",
        "parameters": {"service": {"description": "The consuming service."}},
        "messages": {},
    }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "HotStack events",
            "version": "1.0.0",
            "description": (
                f"Every event travels in a CloudEvents 1.0 envelope on JetStream stream "
                f"{STREAM_NAME}; the envelope `type` equals the subject."
            ),
        },
        "defaultContentType": "application/json",
        "servers": {
            "embedded": {
                "host": "127.0.0.1:4222",
                "protocol": "nats",
                "description": "JetStream (the embedded stack chooses its own port).",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": dict(sorted(schemas.items()))},
    }


def _dump(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def rendered_files(receivers: Receivers | None = None) -> dict[str, str]:
    """Relative path → file text of the whole export."""
    files = {"asyncapi.json": _dump(asyncapi_document(receivers))}
    for event in EVENTS:
        files[f"schemas/{event.subject}.json"] = _dump(event_schema(event))
    return files


def write(target: Path, receivers: Receivers | None = None) -> list[Path]:
    """Write the export under ``target`` and drop schemas no longer in the catalogue."""
    files = rendered_files(receivers)
    written = []
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for stale in (target / "schemas").glob("*.json"):
        if f"schemas/{stale.name}" not in files:
            stale.unlink()
    return written
