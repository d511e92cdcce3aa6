"""C2SP signed notes with Ed25519 keys, the checkpoint body they carry, and witnesses'
cosignatures over it (C2SP tlog-cosignature, `cosignature/v1`)."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ED25519 = 0x01
COSIGNATURE_V1 = 0x04  # a witness's timestamped Ed25519 cosignature
SIGNATURE_PREFIX = "\u2014 "  # em dash and a space start every signature line
_NAME = re.compile(r"^[^\s+]+$")


class NoteError(ValueError):
    """A note, key or checkpoint is malformed, or its signature does not verify."""


def key_id(name: str, public_key: bytes, kind: int = ED25519) -> bytes:
    """SHA-256(name || 0x0A || kind || key)[:4]."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([kind]) + public_key).digest()[:4]


def cosigned_message(text: str, timestamp: int) -> bytes:
    """What a `cosignature/v1` signs: a header line, the time, then the checkpoint body."""
    return f"cosignature/v1\ntime {timestamp}\n{text}".encode()


def signature_lines(note: str) -> list[str]:
    """The signature lines of a signed note (each ends with a newline)."""
    _, separator, signatures = note.rpartition("\n\n")
    if not separator or not signatures.endswith("\n"):
        raise NoteError("not a signed note")
    return [line + "\n" for line in signatures[:-1].split("\n")]


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class Signer:
    """A named Ed25519 signing key."""

    name: str
    private_key: Ed25519PrivateKey

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise NoteError("key names have no spaces or '+'")

    @classmethod
    def from_seed(cls, name: str, seed: bytes) -> Signer:
        """A signer from a 32-byte Ed25519 seed."""
        return cls(name, Ed25519PrivateKey.from_private_bytes(seed))

    @property
    def public_key(self) -> bytes:
        """The raw 32-byte public key."""
        return _raw_public(self.private_key.public_key())

    @property
    def verifier_key(self) -> str:
        """`<name>+<hex key id>+<base64(0x01 || key)>`: what a verifier pins."""
        return self._vkey(ED25519)

    @property
    def cosigner_key(self) -> str:
        """The same, with type 0x04: what verifiers of this key's cosignatures pin."""
        return self._vkey(COSIGNATURE_V1)

    def _vkey(self, kind: int) -> str:
        encoded = base64.b64encode(bytes([kind]) + self.public_key).decode()
        return f"{self.name}+{key_id(self.name, self.public_key, kind).hex()}+{encoded}"

    def sign(self, text: str) -> str:
        """The signed note: text, a blank line, and this key's signature line."""
        _check_text(text)
        signature = self.private_key.sign(text.encode())
        stamp = base64.b64encode(key_id(self.name, self.public_key) + signature).decode()
        return f"{text}\n{SIGNATURE_PREFIX}{self.name} {stamp}\n"

    def cosign(self, text: str, timestamp: int) -> str:
        """A witness's `cosignature/v1` line over a checkpoint body, at `timestamp` (POSIX
        seconds): key id (type 0x04), the time as 8 big-endian bytes, the signature."""
        _check_text(text)
        if not 0 <= timestamp < 2**63:
            raise NoteError("cosignature time is out of range")
        signature = self.private_key.sign(cosigned_message(text, timestamp))
        blob = key_id(self.name, self.public_key, COSIGNATURE_V1)
        blob += timestamp.to_bytes(8, "big") + signature
        return f"{SIGNATURE_PREFIX}{self.name} {base64.b64encode(blob).decode()}\n"


def _check_text(text: str) -> None:
    if not text.endswith("\n"):
        raise NoteError("note text must end with a newline")


@dataclass(frozen=True)
class Verifier:
    """A pinned verifier key."""

    name: str
    key_id: bytes
    public_key: Ed25519PublicKey
    kind: int = ED25519

    @classmethod
    def parse(cls, verifier_key: str) -> Verifier:
        """Parse `<name>+<hex id>+<base64(type || key)>`, checking the id matches the key;
        type 0x01 verifies a log's signatures, 0x04 a witness's cosignatures."""
        parts = verifier_key.strip().split("+", 2)
        if len(parts) != 3 or not _NAME.match(parts[0]):
            raise NoteError("verifier key must look like name+hexid+base64key")
        name, hex_id, encoded = parts
        try:
            raw = base64.b64decode(encoded, validate=True)
            wanted_id = bytes.fromhex(hex_id)
        except ValueError as error:
            raise NoteError(f"verifier key is not well encoded: {error}") from error
        if len(raw) != 33 or raw[0] not in (ED25519, COSIGNATURE_V1):
            raise NoteError("verifier key is not an Ed25519 key")
        if len(wanted_id) != 4 or key_id(name, raw[1:], raw[0]) != wanted_id:
            raise NoteError("verifier key id does not match its name and key")
        return cls(name, wanted_id, Ed25519PublicKey.from_public_bytes(raw[1:]), raw[0])

    def open(self, note: str) -> str:
        """The note's text if this key signed (or, for a 0x04 key, cosigned) it; NoteError
        otherwise. Lines by other keys are skipped, as the signed-note format asks."""
        return self._open(note)[0]

    def cosigned_at(self, note: str) -> int:
        """When this witness key cosigned the note (POSIX seconds); NoteError if it did not."""
        if self.kind != COSIGNATURE_V1:
            raise NoteError("not a cosigner key")
        return self._open(note)[1]

    def _open(self, note: str) -> tuple[str, int]:
        text = note.rpartition("\n\n")[0] + "\n"
        size = 4 + 64 if self.kind == ED25519 else 4 + 8 + 64
        for line in signature_lines(note):
            if not line.startswith(SIGNATURE_PREFIX):
                raise NoteError("malformed signature line")
            name, _, stamp = line[len(SIGNATURE_PREFIX) : -1].partition(" ")
            if name != self.name:
                continue
            try:
                blob = base64.b64decode(stamp, validate=True)
            except ValueError as error:
                raise NoteError("signature is not base64") from error
            if len(blob) != size or blob[:4] != self.key_id:
                continue
            timestamp, message = 0, text.encode()
            if self.kind == COSIGNATURE_V1:
                timestamp = int.from_bytes(blob[4:12], "big")
                if timestamp >= 2**63:
                    raise NoteError("cosignature time is out of range")
                message = cosigned_message(text, timestamp)
            try:
                self.public_key.verify(blob[-64:], message)
            except InvalidSignature as error:
                raise NoteError("signature does not verify") from error
            return text, timestamp
        raise NoteError(f"no signature by {self.name!r} on this note")


@dataclass(frozen=True)
class Checkpoint:
    """The C2SP tlog-checkpoint body: origin, tree size, root hash."""

    origin: str
    size: int
    root: bytes

    def text(self) -> str:
        """The note text."""
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        """Read the first three lines of a checkpoint body."""
        lines = text.split("\n")
        if len(lines) < 4 or not lines[0] or not lines[1].isdigit():
            raise NoteError("not a checkpoint")
        if lines[1] != str(int(lines[1])):
            raise NoteError("checkpoint size has leading zeros")
        try:
            root = base64.b64decode(lines[2], validate=True)
        except ValueError as error:
            raise NoteError("checkpoint root is not base64") from error
        if len(root) != 32:
            raise NoteError("checkpoint root is not 32 bytes")
        return cls(lines[0], int(lines[1]), root)
