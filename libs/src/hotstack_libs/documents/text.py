"""Plain text and Markdown: find the encoding, refuse binary junk."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from .errors import DocumentError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Unicode category Cc is U+0000-U+001F and U+007F-U+009F; tab, line feed, vertical tab,
# form feed and carriage return (U+0009-U+000D) are ordinary in text.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
MAX_CONTROL_SHARE = 0.01
SAMPLE_BYTES = 256 * 1024


def decode(data: bytes) -> str:
    """The text in `data`: BOM first, then UTF-8, then the best detected encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom) :].decode(encoding))
            except UnicodeDecodeError as error:
                raise _not_text(f"it is marked {encoding} but is not valid {encoding}") from error
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise _not_text("it is binary data")
    matches = from_bytes(data[:SAMPLE_BYTES])
    best = matches.best()
    if best is None or best.encoding is None:
        raise _not_text("no text encoding fits it")
    # Short samples fit several single-byte code pages equally well; Windows-1252 is by far
    # the most common of them, so it wins whenever it fits as well as the best guess.
    tied = (m for m in matches if m.chaos <= best.chaos and m.coherence >= best.coherence)
    western = any("cp1252" in m.could_be_from_charset for m in tied)
    encoding = "cp1252" if western else best.encoding
    try:
        return _checked(data.decode(encoding))
    except (UnicodeDecodeError, LookupError) as error:
        raise _not_text(f"it is not valid {encoding}") from error


def _checked(text: str) -> str:
    if not text:
        return text
    controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) * MAX_CONTROL_SHARE):
        raise _not_text("it is binary data")
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _not_text(why: str) -> DocumentError:
    return DocumentError("not_text", f"the file is not readable text: {why}", 415)
