"""Turning brief bytes into text, or a reason a person can act on."""

from __future__ import annotations

import re


class UnreadableBriefError(ValueError):
    """The brief has no text we can use; `code` is machine-readable."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def extract_text(data: bytes, content_type: str, max_chars: int) -> str:
    """Text of a brief (plain text and Markdown)."""
    if content_type not in ("text/plain", "text/markdown"):
        raise UnreadableBriefError(
            "unsupported_type", f"briefs of type {content_type} cannot be read yet"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableBriefError("not_text", "the brief is not UTF-8 text") from error
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not re.search(r"\w{2,}", text):
        raise UnreadableBriefError("no_text", "no readable text found in the brief")
    return text[:max_chars]
