"""Offline verification of an exported ledger bundle."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from .chain import StoredEntry, leaf_hash, verify_chain
from .merkle import merkle_root
from .notes import Checkpoint, NoteError, Verifier

BUNDLE_FORMAT = "hotstack-ledger-bundle/1"


class BundleError(ValueError):
    """The bundle does not verify; `seq` names the first bad entry when there is one."""

    def __init__(self, message: str, seq: int | None = None) -> None:
        super().__init__(message)
        self.seq = seq


@dataclass(frozen=True)
class BundleReport:
    """What a verified bundle proves."""

    tenant: str
    origin: str
    size: int
    root: bytes


def verify_bundle(
    bundle: dict[str, Any], verifier_key: str, previous_note: str | None = None
) -> BundleReport:
    """Check the signature, every entry and link, the root, and consistency with `previous`."""
    if bundle.get("format") != BUNDLE_FORMAT:
        raise BundleError(f"not a {BUNDLE_FORMAT} bundle")
    try:
        verifier = Verifier.parse(verifier_key)
        checkpoint = Checkpoint.parse(verifier.open(str(bundle["checkpoint"])))
    except (NoteError, KeyError) as error:
        raise BundleError(f"checkpoint: {error}") from error
    tenant = str(bundle.get("tenant", ""))
    if checkpoint.origin != bundle.get("origin") or not checkpoint.origin.endswith(f"/{tenant}"):
        raise BundleError("checkpoint origin does not name this tenant's ledger")
    try:
        entries = [
            StoredEntry(int(e["seq"]), base64.b64decode(e["entry_b64"], validate=True), e["hash"])
            for e in bundle["entries"]
        ]
    except (KeyError, TypeError, ValueError) as error:
        raise BundleError(f"entries are malformed: {error}") from error
    covered = entries[: checkpoint.size]
    chain = verify_chain(tenant, covered)  # links first: a gap names its own seq
    if not chain.ok:
        raise BundleError(f"entry {chain.first_broken_seq}: {chain.reason}", chain.first_broken_seq)
    if len(covered) < checkpoint.size:
        raise BundleError(
            f"bundle holds {len(entries)} entries, the checkpoint {checkpoint.size}",
            seq=len(covered) + 1,
        )
    leaves = [leaf_hash(e.entry) for e in covered]
    if merkle_root(leaves) != checkpoint.root:
        raise BundleError("entries do not hash to the signed root")
    if previous_note is not None:
        try:
            previous = Checkpoint.parse(verifier.open(previous_note))
        except NoteError as error:
            raise BundleError(f"previous checkpoint: {error}") from error
        if previous.origin != checkpoint.origin:
            raise BundleError("previous checkpoint is of another log")
        if previous.size > checkpoint.size:
            raise BundleError("previous checkpoint is larger than this one: the log shrank")
        if merkle_root(leaves[: previous.size]) != previous.root:
            raise BundleError(
                f"log is not consistent with the previous checkpoint of size {previous.size}"
            )
    return BundleReport(tenant, checkpoint.origin, checkpoint.size, checkpoint.root)
