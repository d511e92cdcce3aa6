"""What an uploaded brief may be: its name, its type (confirmed by reading it), its size."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

MAX_FILENAME_CHARS = 200
_WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}
_TEXT_TYPES = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
}


class BriefRejectedError(ValueError):
    """The upload is refused; the message says what was wrong, for a person."""

    def __init__(self, message: str, status_code: int = 422) -> None:
        super().__init__(message)
        self.status_code = status_code


@dataclass(frozen=True)
class Brief:
    """A brief whose type was confirmed by reading it."""

    filename: str
    content_type: str
    text: str


def safe_filename(raw: str | None) -> str:
    """The filename to keep, or BriefRejectedError when it is unsafe."""
    if not raw:
        raise BriefRejectedError("the file has no name")
    name = unicodedata.normalize("NFC", raw)
    if "/" in name or "\\" in name:
        raise BriefRejectedError("filename must not contain path separators")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        raise BriefRejectedError("filename contains control or invisible formatting characters")
    stem = PurePosixPath(name).stem.lower().split(".")[0]
    if name in (".", "..") or name.startswith(".") or stem in _WINDOWS_RESERVED:
        raise BriefRejectedError(f"filename {name!r} is reserved or hidden")
    if len(name) > MAX_FILENAME_CHARS:
        raise BriefRejectedError(f"filename is longer than {MAX_FILENAME_CHARS} characters")
    return name


def read_brief(filename: str, data: bytes) -> Brief:
    """Confirm the brief's type by parsing it (text and Markdown for now)."""
    if not data:
        raise BriefRejectedError("the file is empty")
    suffix = PurePosixPath(filename).suffix.lower()
    content_type = _TEXT_TYPES.get(suffix)
    if content_type is None:
        accepted = ", ".join(sorted(_TEXT_TYPES))
        raise BriefRejectedError(
            f"unsupported file type {suffix or '(none)'!r}; accepted: {accepted}", 415
        )
    if b"\x00" in data:
        raise BriefRejectedError("the file is binary, not text", 415)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BriefRejectedError(f"the file is not UTF-8 text (byte {error.start})", 415) from error
    if not re.search(r"\w", text):
        raise BriefRejectedError("the file has no readable text")
    return Brief(filename=filename, content_type=content_type, text=text)
