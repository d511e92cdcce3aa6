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
_C0_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])  # _CONTROL's C0 and DEL
_C1_UTF8 = re.compile(b"\xc2[\x80-\x9f]")  # _CONTROL's U+0080-U+009F, encoded
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
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _checked(decoded, utf8_controls(data))
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


_ASCII_WORD = re.compile(rb"\w")  # on ASCII bytes, what r"\w" finds in their text


def utf8_controls(data: bytes) -> int:
    """How many control characters (`_CONTROL`) valid UTF-8 bytes hold, counted on the bytes
    at memory speed: C1 controls are two-byte sequences, looked for only in non-ASCII text."""
    controls = len(data) - len(data.translate(None, _C0_BYTES))
    if not data.isascii():
        controls += len(_C1_UTF8.findall(data))
    return controls


def _checked(text: str, controls: int | None = None) -> str:
    if not text:
        return text
    if controls is None:
        controls = len(_CONTROL.findall(text))
    if controls > max(2, len(text) * MAX_CONTROL_SHARE):
        raise _not_text("it is binary data")
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _not_text(why: str) -> DocumentError:
    return DocumentError("not_text", f"the file is not readable text: {why}", 415)


HEAD_BYTES = 8


class TextProbe:
    """The checks `decode` makes on UTF-8 text, made a piece at a time as a file is read:
    valid UTF-8 (no BOM: those files take the full path), controls within their share, and
    a word character somewhere. `readable` is True only when all held to the end."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self.head = b""  # the file's first bytes, for sniffing what it really is
        self._carry = b""  # a trailing 0xC2 that may start a C1 control in the next piece
        self.chars = 0
        self.controls = 0
        self.words = False
        self.failed = False
        self.finished = False

    def feed(self, piece: bytes | memoryview) -> None:
        """Look at the next piece of the file."""
        if self.failed:
            return
        data = bytes(piece)
        if len(self.head) < HEAD_BYTES:
            self.head += data[: HEAD_BYTES - len(self.head)]
        if data.isascii() and not self._decoder.getstate()[0]:
            # ASCII after a whole character is UTF-8 as it stands, a character a byte: no
            # need to decode it (which takes as long as counting its controls).
            self.chars += len(data)
            if not self.words and _ASCII_WORD.search(data):
                self.words = True
        else:
            try:
                decoded = self._decoder.decode(data)
            except UnicodeDecodeError:
                self.failed = True
                return
            self.chars += len(decoded)
            if not self.words and re.search(r"\w", decoded):
                self.words = True
        joined = self._carry + data  # the carried lead byte is no control itself
        self.controls += utf8_controls(joined)
        self._carry = b"\xc2" if joined.endswith(b"\xc2") else b""

    def finish(self) -> None:
        """The file ended."""
        if self.failed or self.finished:
            return
        self.finished = True
        try:
            self._decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            self.failed = True
        if any(self.head.startswith(bom) for bom, _ in _BOMS):
            self.failed = True

    @property
    def readable(self) -> bool:
        """Whether the whole file is text `decode` would return as it is."""
        return (
            self.finished
            and not self.failed
            and self.words
            and not self.controls > max(2, self.chars * MAX_CONTROL_SHARE)
        )
