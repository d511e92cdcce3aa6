"""Reading untrusted briefs: confirm their type by parsing, extract their text, safely."""

from .errors import DocumentError
from .limits import MIB, Limits
from .pictures import Encoded, Picture
from .read import (
    EXTENSIONS,
    Brief,
    Identified,
    Kind,
    identified_as_text,
    identified_text_file,
    identify,
    named_kind,
    read_brief,
    read_document,
    read_text,
)
from .sandbox import Outcome, Sandbox
from .text import TextProbe

__all__ = [
    "EXTENSIONS",
    "MIB",
    "Brief",
    "DocumentError",
    "Encoded",
    "Identified",
    "Kind",
    "Limits",
    "Outcome",
    "Picture",
    "Sandbox",
    "TextProbe",
    "identified_as_text",
    "identified_text_file",
    "identify",
    "named_kind",
    "read_brief",
    "read_document",
    "read_text",
]
