"""A local SMTP server that keeps every message as an .eml file (embedded stack and tests)."""

from __future__ import annotations

import argparse
import itertools
import signal
import threading
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class MaildirHandler:
    """Writes each received message to `<dir>/<time>-<n>.eml`, atomically."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self._counter = itertools.count(1)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd API
        """Store the message."""
        name = f"{time.time_ns()}-{next(self._counter)}.eml"
        temp = self.directory / f".{name}.tmp"
        temp.write_bytes(envelope.content)
        temp.rename(self.directory / name)
        return "250 Message accepted for delivery"


def start_sink(directory: Path, host: str = "127.0.0.1", port: int = 0) -> Controller:
    """Start a sink in a background thread; `controller.port` is where it listens."""
    controller = Controller(MaildirHandler(directory), hostname=host, port=port)
    controller.start()
    return controller


def main() -> None:
    parser = argparse.ArgumentParser(description="HotStack's local SMTP sink")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=2525)
    parser.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args()
    controller = start_sink(args.dir, args.host, args.port)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
