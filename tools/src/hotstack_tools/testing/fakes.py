"""Small hand-written test doubles."""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from hotstack_libs.blobs import BlobNotFoundError, check_key
from hotstack_libs.documents import Brief, Kind, Limits, Picture, read_brief
from hotstack_libs.documents.pictures import prepare


class FakeBlobStore:
    """An in-memory blob store."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}
        self.fail_puts = False

    async def put(
        self, key: str, data: bytes, content_type: str = "application/octet-stream"
    ) -> None:
        """Store in memory (or fail, when told to)."""
        if self.fail_puts:
            raise OSError("blob store unavailable")
        self.blobs[check_key(key)] = data

    async def put_file(
        self, key: str, path: Path, content_type: str = "application/octet-stream"
    ) -> None:
        """Store a file's bytes in memory."""
        await self.put(key, path.read_bytes(), content_type)

    async def get(self, key: str) -> bytes:
        """Read from memory."""
        try:
            return self.blobs[key]
        except KeyError as error:
            raise BlobNotFoundError(key) from error

    async def delete(self, key: str) -> None:
        """Forget a blob."""
        self.blobs.pop(key, None)

    async def exists(self, key: str) -> bool:
        """True when stored."""
        return key in self.blobs

    async def list(self, prefix: str) -> list[str]:
        """Keys under prefix."""
        return sorted(key for key in self.blobs if key.startswith(prefix))

    async def ping(self) -> None:
        """Always reachable."""

    async def close(self) -> None:
        """Nothing to release."""


@dataclass
class RecordingPublisher:
    """A Publisher that records what the outbox relay sent, optionally failing."""

    sent: list[tuple[str, bytes, str]] = field(default_factory=list)
    fail_after: int | None = None

    async def publish(self, subject: str, payload: bytes, msg_id: str) -> None:
        """Record, or raise once `fail_after` messages went out."""
        if self.fail_after is not None and len(self.sent) >= self.fail_after:
            raise ConnectionError("broker unavailable")
        self.sent.append((subject, payload, msg_id))


class InProcessDocuments:
    """Reads briefs and pictures in this process (the sandbox's work, without its child)."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()

    async def read_brief(self, kind: Kind, data: bytes) -> Brief:
        """The brief's document and embedded pictures."""
        return read_brief(kind, data, self.limits)

    async def prepare_picture(self, ref: str, data: bytes) -> Picture:
        """One picture re-encoded for the web."""
        return prepare(ref, data, self.limits)


class RecordingMailer:
    """A mailer that keeps what it was asked to send (or fails, when told to)."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []
        self.fail = False

    async def send(self, message: EmailMessage) -> None:
        """Keep the message, or raise as an unreachable SMTP server would."""
        if self.fail:
            raise ConnectionRefusedError("SMTP server unreachable")
        self.sent.append(message)
