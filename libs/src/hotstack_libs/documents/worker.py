"""The document worker: a single-threaded helper that forks one child per document.

Started by `sandbox.Sandbox` as `python -m hotstack_libs.documents`. It preloads the
parsers once; each request is read from stdin, handled in a forked child whose address
space and CPU time are capped, and answered on stdout. The worker itself has no threads,
so forking it is safe, and a child that runs out of time is killed.

Frames on both pipes are an 8-byte big-endian length followed by a pickle. Only the
service that started the worker writes to its stdin.
"""

from __future__ import annotations

import logging
import os
import pickle
import resource
import select
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from .errors import DocumentError
from .limits import MIB, Limits
from .pictures import prepare
from .read import identify, read_brief, read_document, read_text

TASKS: dict[str, Callable[..., Any]] = {
    "identify": identify,
    "read_text": read_text,
    "read_document": read_document,
    "read_brief": read_brief,
    "prepare_picture": prepare,
}


def write_frame(stream: BinaryIO | int, payload: Any) -> None:
    """Send one framed pickle."""
    body = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    frame = len(body).to_bytes(8, "big") + body
    if isinstance(stream, int):
        view = memoryview(frame)
        while view:
            view = view[os.write(stream, view) :]
    else:
        stream.write(frame)
        stream.flush()


def _read_exact(stream: BinaryIO, size: int) -> bytes:
    chunks: list[bytes] = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def read_frame(stream: BinaryIO) -> Any:
    """Receive one framed pickle (EOFError at end of stream)."""
    size = int.from_bytes(_read_exact(stream, 8), "big")
    return pickle.loads(_read_exact(stream, size))  # noqa: S301 - our own parent process


def too_big(limits: Limits) -> DocumentError:
    """The error for a child that ran out of memory."""
    return DocumentError(
        "too_large",
        f"reading the document needs more than {limits.memory_bytes // MIB} MiB of memory",
        413,
    )


def _child(write_fd: int, task: str, args: tuple[Any, ...], limits: Limits) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    cpu = int(limits.timeout_seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        # A file the service spooled is read here, in the child: its bytes never cross a pipe.
        args = tuple(arg.read_bytes() if isinstance(arg, Path) else arg for arg in args)
        answer: tuple[str, Any] = ("ok", TASKS[task](*args))
    except DocumentError as error:
        answer = ("error", error)
    except MemoryError:
        answer = ("error", too_big(limits))
    except RecursionError:
        answer = ("error", DocumentError("damaged", "the document is nested too deeply"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    write_frame(write_fd, (*answer, peak))


def _collect(read_fd: int, pid: int, limits: Limits) -> tuple[str, Any, int]:
    deadline = time.monotonic() + limits.timeout_seconds
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            os.kill(pid, signal.SIGKILL)
            error = DocumentError(
                "too_slow", f"reading the document took longer than {limits.timeout_seconds:g} s"
            )
            return ("error", error, 0)
        ready, _, _ = select.select([read_fd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(read_fd, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    data = b"".join(chunks)
    if len(data) < 8:
        return ("error", too_big(limits), 0)  # killed (memory or CPU) before answering
    answer: tuple[str, Any, int] = pickle.loads(data[8:])  # noqa: S301 - our own child
    return answer


def handle(task: str, args: tuple[Any, ...], limits: Limits) -> tuple[str, Any, int]:
    """Run one task in a forked child and return ("ok"|"error", value, peak_rss_bytes)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(read_fd)
        try:
            _child(write_fd, task, args, limits)
        finally:
            os._exit(0)
    os.close(write_fd)
    try:
        return _collect(read_fd, pid, limits)
    finally:
        os.close(read_fd)
        os.waitpid(pid, 0)


def main() -> None:
    """Serve requests until stdin closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when we stop
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files are reported, not logged
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but frames may reach the parent's pipe
    while True:
        try:
            task, args, limits = read_frame(stdin)
        except EOFError:
            return
        write_frame(stdout, handle(task, args, limits))
