"""Why a document was refused, in words a person can act on."""

from __future__ import annotations


class DocumentError(ValueError):
    """A document we will not read; `code` is for machines, `reason` for people.

    `status_code` is the HTTP status an upload endpoint answers with: 415 when the type is
    wrong or unsupported, 413 when it is too big to read, 422 for anything else.
    """

    def __init__(self, code: str, reason: str, status_code: int = 422) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.status_code = status_code

    def __reduce__(self) -> tuple[type[DocumentError], tuple[str, str, int]]:
        return (DocumentError, (self.code, self.reason, self.status_code))
