"""Reading untrusted briefs: confirm their type by parsing, extract their text, safely."""

from .errors import DocumentError
from .limits import MIB, Limits
from .read import EXTENSIONS, Identified, Kind, identify, read_document, read_text
from .sandbox import Outcome, Sandbox

__all__ = [
    "EXTENSIONS",
    "MIB",
    "DocumentError",
    "Identified",
    "Kind",
    "Limits",
    "Outcome",
    "Sandbox",
    "identify",
    "read_document",
    "read_text",
]
