"""structlog setup: JSON lines off a terminal, coloured console on one."""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

import structlog

_SECRET_KEYS = ("secret", "password", "token", "authorization", "api_key", "card_number")


def _redact(_: Any, __: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    for key in list(event_dict):
        if any(marker in key.lower() for marker in _SECRET_KEYS):
            event_dict[key] = "[redacted]"
    return event_dict


# The event being handled, as fields of every line logged meanwhile: one context variable
# set once an event, where binding each field through structlog's would set four.
_EVENT: ContextVar[Mapping[str, Any] | None] = ContextVar("hotstack_event", default=None)


class event_fields:  # noqa: N801 - used as a context manager, like contextlib's
    """`with event_fields({...}):` adds the fields to every line logged inside the block,
    over those bound in context variables (a field passed to the call itself wins). A class
    rather than a generator: it is entered for every event consumed."""

    __slots__ = ("fields", "token")

    def __init__(self, fields: Mapping[str, Any]) -> None:
        self.fields = fields

    def __enter__(self) -> None:
        self.token = _EVENT.set(self.fields)

    def __exit__(self, *_: object) -> None:
        _EVENT.reset(self.token)


def merge_event_fields(_: Any, __: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """structlog processor: the fields of the event being handled, if any."""
    fields = _EVENT.get()
    if fields:
        for key, value in fields.items():
            event_dict.setdefault(key, value)
    return event_dict


def configure_logging(service: str, level: str = "INFO", fmt: str = "auto") -> None:
    """Configure structlog and the stdlib root logger for one service process."""
    use_json = fmt == "json" or (fmt == "auto" and not sys.stderr.isatty())
    shared: list[Any] = [
        merge_event_fields,  # first: the event's fields win over those bound around it
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _redact,
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer() if use_json else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("uvicorn.access", "aiobotocore", "botocore", "nats"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(service=service)


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    """A structlog logger; context variables (correlationid, ...) are merged in."""
    logger: structlog.stdlib.BoundLogger = structlog.stdlib.get_logger(name)
    return logger
