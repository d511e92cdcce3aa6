"""What an uploaded brief may be called, and how a refusal is told."""

from __future__ import annotations

import unicodedata
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
_SEPARATORS = ("/", "\\", ":")


class BriefRejectedError(ValueError):
    """The upload is refused; the message says what was wrong, for a person."""

    def __init__(self, message: str, status_code: int = 422) -> None:
        super().__init__(message)
        self.status_code = status_code


def safe_filename(raw: str | None) -> str:
    """The filename to keep (NFC), or BriefRejectedError saying why it is unsafe.

    Checked on the NFKC form as well, so that look-alikes such as the fullwidth solidus
    (U+FF0F, which folds to "/") cannot smuggle a separator past the check.
    """
    if not raw:
        raise BriefRejectedError("the file has no name")
    name = unicodedata.normalize("NFC", raw)
    folded = unicodedata.normalize("NFKC", raw)
    if any(sep in name or sep in folded for sep in _SEPARATORS):
        raise BriefRejectedError("filename must not contain path separators (/ \\ :)")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cn") for ch in name):
        raise BriefRejectedError("filename contains control or invisible formatting characters")
    stem = PurePosixPath(folded).stem.lower().split(".")[0].strip()
    if folded.strip(". ") in ("",) or folded.startswith(".") or stem in _WINDOWS_RESERVED:
        raise BriefRejectedError(f"filename {name!r} is reserved or hidden")
    if name != name.strip() or name.endswith("."):
        raise BriefRejectedError("filename must not start or end with spaces or end with a dot")
    if len(name) > MAX_FILENAME_CHARS:
        raise BriefRejectedError(f"filename is longer than {MAX_FILENAME_CHARS} characters")
    return name


def checked_prompt(prompt: str, max_chars: int, empty: str) -> str:
    """The prompt without surrounding space, or BriefRejectedError (`empty` says what to
    write when there is nothing)."""
    prompt = prompt.strip()
    if not prompt:
        raise BriefRejectedError(f"prompt is empty: {empty}")
    if len(prompt) > max_chars:
        raise BriefRejectedError(
            f"prompt is {len(prompt)} characters long; at most {max_chars} are accepted"
        )
    return prompt
