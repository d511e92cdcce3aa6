"""Benchmarks log as the services do, into a file, so the tables stay readable."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hotstack_libs.logging import configure_logging


@contextmanager
def logging_to(path: Path) -> Iterator[None]:
    """Log as the services do (JSON lines, INFO) but into a file, away from the table."""
    configure_logging("bench", "INFO", "json")
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    with open(path, "a") as log_file:
        handler.setStream(log_file)
        try:
            yield
        finally:
            logging.getLogger().handlers.clear()
