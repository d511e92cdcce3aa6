"""What a witness checks before it co-signs (C2SP tlog-witness `add-checkpoint`): pure,
so every rule is tested without a server."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field

from hotstack_ledger.domain.merkle import ProofError, verify_consistency
from hotstack_ledger.domain.notes import Checkpoint, NoteError, Verifier

MAX_PROOF_LINES = 63


class RefusalError(Exception):
    """The witness will not co-sign; `status` is the protocol's answer."""

    def __init__(self, status: int, reason: str, size: int | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.size = size  # with 409: the size the witness last co-signed


@dataclass(frozen=True)
class Submission:
    """An `add-checkpoint` request: the size the log thinks the witness saw, a consistency
    proof from it, and the new signed checkpoint."""

    old_size: int
    proof: list[bytes]
    note: str


@dataclass(frozen=True)
class Seen:
    """The latest checkpoint the witness co-signed for an origin."""

    size: int
    root: bytes


def parse_submission(body: bytes) -> Submission:
    """`old <size>`, up to 63 base64 proof lines, an empty line, then the checkpoint."""
    try:
        text = body.decode()
    except UnicodeDecodeError as error:
        raise RefusalError(400, "body is not UTF-8") from error
    head, separator, note = text.partition("\n\n")
    if not separator:
        raise RefusalError(400, "no empty line before the checkpoint")
    lines = head.split("\n")
    old, _, value = lines[0].partition(" ")
    if old != "old" or not value.isdigit() or value != str(int(value)):
        raise RefusalError(400, "the first line must be `old <size>` without leading zeros")
    if len(lines) - 1 > MAX_PROOF_LINES:
        raise RefusalError(400, f"more than {MAX_PROOF_LINES} consistency proof lines")
    proof = []
    for line in lines[1:]:
        try:
            node = base64.b64decode(line, validate=True)
        except binascii.Error as error:
            raise RefusalError(400, "a proof line is not base64") from error
        if len(node) != 32:
            raise RefusalError(400, "a proof line is not a 32-byte hash")
        proof.append(node)
    return Submission(int(value), proof, note)


@dataclass
class TrustedLogs:
    """The log keys a witness trusts, by exact origin or by origin prefix (`host/ledger/*`)."""

    exact: dict[str, list[Verifier]] = field(default_factory=dict)
    prefixes: list[tuple[str, Verifier]] = field(default_factory=list)

    @classmethod
    def parse(cls, configured: str) -> TrustedLogs:
        """`<origin> <verifier key>` per line or `;`-separated item."""
        logs = cls()
        for item in configured.replace(";", "\n").splitlines():
            if not item.strip():
                continue
            origin, _, key = item.strip().partition(" ")
            verifier = Verifier.parse(key.strip())
            if origin.endswith("*"):
                logs.prefixes.append((origin[:-1], verifier))
            else:
                logs.exact.setdefault(origin, []).append(verifier)
        return logs

    def keys_for(self, origin: str) -> list[Verifier]:
        """The keys trusted to sign this origin's checkpoints (none: an unknown log)."""
        found = list(self.exact.get(origin, []))
        found += (key for prefix, key in self.prefixes if origin.startswith(prefix))
        return found


def origin_of(note: str) -> str:
    """The origin line of a checkpoint note, before any signature is checked."""
    return note.split("\n", 1)[0]


def check(submission: Submission, logs: TrustedLogs, seen: Seen | None) -> Checkpoint:
    """The checkpoint to co-sign, or the RefusalError the protocol prescribes."""
    keys = logs.keys_for(origin_of(submission.note))
    if not keys:
        raise RefusalError(404, "unknown log origin")
    checkpoint = None
    for key in keys:
        try:
            checkpoint = Checkpoint.parse(key.open(submission.note))
            break
        except NoteError:
            continue
    if checkpoint is None:
        raise RefusalError(403, "no signature by a trusted key verifies")
    if submission.old_size > checkpoint.size:
        raise RefusalError(400, "old size is larger than the checkpoint")
    latest = seen.size if seen else 0
    if submission.old_size != latest:
        raise RefusalError(409, f"the latest co-signed size is {latest}", size=latest)
    if seen is None or submission.old_size == 0:
        if submission.proof:
            raise RefusalError(400, "a proof from size 0 must be empty")
        return checkpoint
    if submission.old_size == checkpoint.size:
        if seen.root != checkpoint.root:
            raise RefusalError(409, "same size, another root: the log forked", size=latest)
        return checkpoint
    try:
        verify_consistency(seen.size, checkpoint.size, submission.proof, seen.root, checkpoint.root)
    except ProofError as error:
        raise RefusalError(422, f"not consistent with size {seen.size}: {error}") from error
    return checkpoint
