"""Read untrusted documents outside the service process, within a time and memory budget.

A `Sandbox` keeps a few document workers (see `worker.py`); each document is parsed in a
child forked from one of them with its address space and CPU time capped, and killed when
its wall-clock budget runs out. A parser bug, a bomb or a pathological file costs one
child, never the service.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hotstack_contracts.document import Document

from .errors import DocumentError
from .limits import MIB, Limits
from .pictures import Picture
from .read import Brief, Identified, Kind
from .worker import too_big, write_frame


@dataclass(frozen=True)
class Outcome:
    """What the child returned, and the most memory it held (resident bytes)."""

    value: Any
    peak_rss_bytes: int


class _Worker:
    def __init__(self) -> None:
        self.process: asyncio.subprocess.Process | None = None

    async def _start(self) -> asyncio.subprocess.Process:
        if self.process is None or self.process.returncode is not None:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "hotstack_libs.documents",
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                limit=1 << 20,
            )
        return self.process

    async def call(self, task: str, args: tuple[Any, ...], limits: Limits) -> tuple[Any, ...]:
        process = await self._start()
        assert process.stdin is not None
        assert process.stdout is not None
        request = io.BytesIO()
        write_frame(request, (task, args, limits))
        try:
            process.stdin.write(request.getvalue())
            await process.stdin.drain()
            size = int.from_bytes(await process.stdout.readexactly(8), "big")
            body = await process.stdout.readexactly(size)
        except (BrokenPipeError, ConnectionResetError, asyncio.IncompleteReadError):
            await self.stop()
            return ("error", too_big(limits), 0)
        except BaseException:
            await self.stop()  # a half-read answer would desynchronise the pipe
            raise
        answer: tuple[Any, ...] = pickle.loads(body)  # noqa: S301 - our own worker
        return answer

    async def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.returncode is not None:
            return
        if process.stdin is not None:
            process.stdin.close()
        try:
            await asyncio.wait_for(process.wait(), 2)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


class Sandbox:
    """A small pool of document workers; calls queue for a free one."""

    def __init__(self, limits: Limits | None = None, workers: int = 2) -> None:
        self.limits = limits or Limits()
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._workers = [_Worker() for _ in range(max(1, workers))]
        for worker in self._workers:
            self._idle.put_nowait(worker)

    async def _call(self, task: str, *args: Any) -> Outcome:
        worker = await self._idle.get()
        try:
            status, value, peak = await worker.call(task, args, self.limits)
        finally:
            self._idle.put_nowait(worker)
        if status == "error":
            assert isinstance(value, DocumentError)
            raise value
        return Outcome(value, peak)

    async def identify(self, filename: str, data: bytes | Path) -> Identified:
        """Confirm the document's type by parsing it (see `read.identify`); a file given by
        its path is read by the child itself."""
        outcome = await self._call("identify", filename, data, self.limits)
        assert isinstance(outcome.value, Identified)
        return outcome.value

    async def read_text(self, kind: Kind, data: bytes) -> Outcome:
        """The document's text (see `read.read_text`) and the reader's peak memory."""
        return await self._call("read_text", kind, data, self.limits)

    async def read_document(self, kind: Kind, data: bytes) -> Document:
        """The document's blocks (see `read.read_document`)."""
        outcome = await self._call("read_document", kind, data, self.limits)
        assert isinstance(outcome.value, Document)
        return outcome.value

    async def read_brief(self, kind: Kind, data: bytes) -> Brief:
        """The document's blocks and its embedded pictures' files (see `read.read_brief`)."""
        outcome = await self._call("read_brief", kind, data, self.limits)
        assert isinstance(outcome.value, Brief)
        return outcome.value

    async def prepare_picture(self, ref: str, data: bytes) -> Picture:
        """One picture re-encoded for the web, in a child of its own (a hostile picture
        costs that child, not the brief); DocumentError with the reason otherwise."""
        try:
            outcome = await self._call("prepare_picture", ref, data, self.limits)
        except DocumentError as error:
            if error.code == "too_large":
                raise DocumentError(
                    "picture_refused",
                    f"decoding the picture needs more than {self.limits.memory_bytes // MIB} "
                    "MiB of memory",
                    422,
                ) from error
            if error.code == "too_slow":
                raise DocumentError(
                    "picture_refused",
                    f"decoding the picture took longer than {self.limits.timeout_seconds:g} s",
                    422,
                ) from error
            raise
        assert isinstance(outcome.value, Picture)
        return outcome.value

    async def close(self) -> None:
        """Stop the workers."""
        for worker in self._workers:
            await worker.stop()
