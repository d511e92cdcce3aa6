"""A multipart/form-data reader that enforces its size limits while the body streams in.

Starlette's form parsing spools a whole upload to disk before a handler can look at it,
and runs before any dependency (authentication, rate limits) has had its say. Routes that
accept files call `read_form` themselves, after those checks, and a body that grows past
the limit is refused at the byte that crosses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from fastapi import HTTPException, Request, status
from python_multipart.multipart import MultipartParser, parse_options_header

MAX_FIELD_BYTES = 64 * 1024
MAX_PARTS = 16
FORM_OVERHEAD = 256 * 1024  # headers and text fields around the file


@dataclass
class UploadedFile:
    """A file part: its client-side name, declared type and bytes."""

    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class Form:
    """Text fields and files of one form body."""

    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)


def _too_large(limit: int) -> HTTPException:
    return HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE, f"the file is larger than the {limit}-byte limit"
    )


def _bad(message: str) -> HTTPException:
    return HTTPException(status.HTTP_400_BAD_REQUEST, message)


class _Collector:
    def __init__(self, max_file_bytes: int) -> None:
        self.form = Form()
        self.max_file_bytes = max_file_bytes
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

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        self._data.extend(data[start:end])
        limit = self.max_file_bytes if self._filename is not None else MAX_FIELD_BYTES
        if len(self._data) > limit:
            if self._filename is not None:
                raise _too_large(limit)
            raise _bad(f"form field {self._name!r} is longer than {MAX_FIELD_BYTES} bytes")

    def _end(self) -> None:
        assert self._name is not None
        if self._filename is not None:
            self.form.files[self._name] = UploadedFile(
                self._filename, self._type, bytes(self._data)
            )
        else:
            try:
                self.form.fields[self._name] = self._data.decode("utf-8")
            except UnicodeDecodeError as error:
                raise _bad(f"form field {self._name!r} is not UTF-8") from error


async def read_form(request: Request, *, max_file_bytes: int) -> Form:
    """Parse a multipart body, refusing it (413) as soon as a file passes `max_file_bytes`."""
    content_type, options = parse_options_header(request.headers.get("content-type"))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "send the upload as multipart/form-data"
        )
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_file_bytes + FORM_OVERHEAD:
        raise _too_large(max_file_bytes)  # refused before a single byte is read
    collector = _Collector(max_file_bytes)
    parser = MultipartParser(boundary, collector.callbacks())  # type: ignore[arg-type]
    received = 0
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
    parser.finalize()
    return collector.form


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
