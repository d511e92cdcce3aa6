"""A multipart/form-data reader that enforces its size limits while the body streams in.

Starlette's form parsing spools a whole upload to disk before a handler can look at it,
and runs before any dependency (authentication, rate limits) has had its say. Routes that
accept files call `read_form` themselves, after those checks, and a body that grows past
the limit is refused at the byte that crosses it. File parts stream into temporary files
in a folder the caller names, hashed on the way (SHA-256), written and hashed in a thread
while the next part of the body arrives; they are deleted when the form is closed, unless
the caller moved them away first.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from fastapi import HTTPException, Request, status
from python_multipart.multipart import MultipartParser, parse_options_header

MAX_FIELD_BYTES = 64 * 1024
SPOOL_WRITE_BYTES = 1024 * 1024  # file data handed to the writing thread at a time
MAX_PARTS = 16
FORM_OVERHEAD = 256 * 1024  # headers and text fields around the file


@dataclass(frozen=True)
class UploadedFile:
    """A file part: its client-side name and declared type, and its bytes in a temporary
    file (`path`, `size`, `sha256`), which is the caller's to move until the form closes."""

    filename: str | None
    content_type: str | None
    path: Path
    size: int
    sha256: str

    def read_bytes(self) -> bytes:
        """The whole file in memory."""
        return self.path.read_bytes()


@dataclass
class Form:
    """Text fields and files of one form body."""

    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)


class _Spool:
    """One file part on its way to disk: a temporary file and the running hash."""

    def __init__(self, folder: Path) -> None:
        fd, name = tempfile.mkstemp(dir=folder, prefix=".upload-")
        self.path = Path(name)
        self.file = os.fdopen(fd, "wb")
        self.hash = hashlib.sha256()
        self.size = 0
        self.pending: list[Any] = []  # bytes or memoryviews of immutable chunks
        self.pending_size = 0

    def add(self, data: Any, start: int, end: int) -> None:
        # A whole chunk or a view of one costs no copy (chunks are immutable); anything else
        # (the parser's own look-behind buffer) is copied out now.
        if type(data) is not bytes:
            piece: Any = bytes(data[start:end])
        elif start == 0 and end == len(data):
            piece = data
        else:
            piece = memoryview(data)[start:end]
        self.pending.append(piece)
        self.size += end - start
        self.pending_size += end - start

    def take(self) -> list[Any]:
        pieces, self.pending, self.pending_size = self.pending, [], 0
        return pieces

    def write(self, pieces: list[Any]) -> None:
        """Write (run in a thread: writing releases the GIL)."""
        for piece in pieces:
            self.file.write(piece)

    def digest(self, pieces: list[Any]) -> None:
        """Hash (run in a thread of its own: hashing releases the GIL)."""
        for piece in pieces:
            self.hash.update(piece)


def _too_large(limit: int) -> HTTPException:
    return HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE, f"the file is larger than the {limit}-byte limit"
    )


def _bad(message: str) -> HTTPException:
    return HTTPException(status.HTTP_400_BAD_REQUEST, message)


class _Collector:
    def __init__(self, max_file_bytes: int, spool_dir: Path) -> None:
        self.form = Form()
        self.max_file_bytes = max_file_bytes
        self.spool_dir = spool_dir
        self.spools: list[_Spool] = []  # every file part begun, finished or not
        self.finished: list[tuple[str, str | None, str | None, _Spool]] = []
        self._spool: _Spool | None = None
        self.parts = 0
        self._headers: dict[bytes, bytes] = {}
        self._field = bytearray()
        self._value = bytearray()
        self._data = bytearray()
        self._name: str | None = None
        self._filename: str | None = None
        self._type: str | None = None

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self._begin,
            "on_header_field": lambda d, s, e: self._field.extend(d[s:e]),
            "on_header_value": lambda d, s, e: self._value.extend(d[s:e]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._end,
        }

    def _begin(self) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise _bad(f"the form has more than {MAX_PARTS} parts")
        self._headers.clear()
        self._data.clear()

    def _header_end(self) -> None:
        self._headers[bytes(self._field).lower()] = bytes(self._value)
        self._field.clear()
        self._value.clear()

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition"))
        name = options.get(b"name")
        if name is None:
            raise _bad("a form part has no name")
        self._name = name.decode("utf-8", "replace")
        filename = options.get(b"filename")
        self._filename = None if filename is None else filename.decode("utf-8", "replace")
        declared = self._headers.get(b"content-type")
        self._type = declared.decode("latin-1") if declared else None
        if self._filename is not None:
            self._spool = _Spool(self.spool_dir)
            self.spools.append(self._spool)

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._spool is not None:
            self._spool.add(data, start, end)
            if self._spool.size > self.max_file_bytes:
                raise _too_large(self.max_file_bytes)
            return
        self._data.extend(data[start:end])
        if len(self._data) > MAX_FIELD_BYTES:
            raise _bad(f"form field {self._name!r} is longer than {MAX_FIELD_BYTES} bytes")

    def _end(self) -> None:
        assert self._name is not None
        if self._spool is not None:
            self.finished.append((self._name, self._filename, self._type, self._spool))
            self._spool = None
        else:
            try:
                self.form.fields[self._name] = self._data.decode("utf-8")
            except UnicodeDecodeError as error:
                raise _bad(f"form field {self._name!r} is not UTF-8") from error


@asynccontextmanager
async def read_form(
    request: Request, *, max_file_bytes: int, spool_dir: Path | None = None
) -> AsyncIterator[Form]:
    """Parse a multipart body, refusing it (413) as soon as a file passes `max_file_bytes`.
    File parts are spooled to temporary files in `spool_dir` (the system's temporary folder
    by default), removed when the block ends unless the caller moved them away."""
    content_type, options = parse_options_header(request.headers.get("content-type"))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "send the upload as multipart/form-data"
        )
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_file_bytes + FORM_OVERHEAD:
        raise _too_large(max_file_bytes)  # refused before a single byte is read
    folder = spool_dir or Path(tempfile.gettempdir())
    folder.mkdir(parents=True, exist_ok=True)
    collector = _Collector(max_file_bytes, folder)
    try:
        await _receive(request, collector, boundary, max_file_bytes)
        yield collector.form
    finally:
        for spool in collector.spools:
            spool.file.close()
            spool.path.unlink(missing_ok=True)


async def _receive(
    request: Request, collector: _Collector, boundary: bytes, max_file_bytes: int
) -> None:
    parser = MultipartParser(boundary, collector.callbacks())  # type: ignore[arg-type]
    received = 0
    # One write and one hash at a time, in threads beside the reading and each other.
    writing: list[asyncio.Future[None]] = []

    async def write(spool: _Spool, pieces: list[Any]) -> None:
        nonlocal writing
        if writing:
            await asyncio.gather(*writing)
        writing = [
            asyncio.ensure_future(asyncio.to_thread(spool.write, pieces)),
            asyncio.ensure_future(asyncio.to_thread(spool.digest, pieces)),
        ]

    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > max_file_bytes + FORM_OVERHEAD:
                raise _too_large(max_file_bytes)
            try:
                parser.write(chunk)
            except HTTPException:
                raise
            except Exception as error:  # the parser's own errors: malformed body
                raise _bad(f"the form body is malformed ({error})") from error
            for spool in collector.spools:
                if spool.pending_size >= SPOOL_WRITE_BYTES:
                    await write(spool, spool.take())
        parser.finalize()
        for spool in collector.spools:
            if spool.pending:
                await write(spool, spool.take())
    finally:
        if writing:
            await asyncio.wait(writing)  # never leave a thread writing a closed file
    for done in writing:
        done.result()
    for name, filename, declared_type, spool in collector.finished:
        spool.file.close()
        collector.form.files[name] = UploadedFile(
            filename, declared_type, spool.path, spool.size, spool.hash.hexdigest()
        )


def spool_bytes(
    filename: str | None, data: bytes, folder: Path, content_type: str | None = None
) -> UploadedFile:
    """Bytes already in memory as an uploaded file, spooled into `folder` (the caller
    removes it); for callers that accept briefs without a form."""
    folder.mkdir(parents=True, exist_ok=True)
    spool = _Spool(folder)
    with spool.file:
        spool.add(data, 0, len(data))
        pieces = spool.take()
        spool.write(pieces)
        spool.digest(pieces)
    return UploadedFile(filename, content_type, spool.path, spool.size, spool.hash.hexdigest())


def sweep_spool(folder: Path, older_than_seconds: float) -> int:
    """Remove spooled files older than this (left by a process that died mid-request)."""
    cutoff = time.time() - older_than_seconds
    removed = 0
    for path in folder.glob(".upload-*") if folder.is_dir() else ():
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
    return removed


async def read_urlencoded(request: Request, *, max_bytes: int, max_fields: int) -> dict[str, str]:
    """A small `application/x-www-form-urlencoded` body (the first value of each name),
    refused (413) at the byte that takes it past `max_bytes`; another media type is 415,
    a body that is not UTF-8 or has more than `max_fields` fields is 400."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/x-www-form-urlencoded":
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            "send the form as application/x-www-form-urlencoded",
        )
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise HTTPException(
                status.HTTP_413_CONTENT_TOO_LARGE, f"the form is larger than {max_bytes} bytes"
            )
    try:
        pairs = parse_qsl(body.decode(), keep_blank_values=True, max_num_fields=max_fields)
    except (UnicodeDecodeError, ValueError) as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "the form could not be read") from error
    fields: dict[str, str] = {}
    for name, value in pairs:
        fields.setdefault(name, value)
    return fields
