"""Entries are RFC 8785 canonical JSON; `hash = SHA-256(0x00 || entry)` links them."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
import rfc8785

from .merkle import merkle_root

MAX_SAFE_INTEGER = 2**53 - 1

GENESIS_HASH = "0" * 64
ENTRY_VERSION = 1


@functools.lru_cache(maxsize=4)  # a batch of entries shares one time
def format_time(value: datetime) -> str:
    """UTC with microseconds and `Z`."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _plain(value: Any) -> bool:
    """True when `value` holds only ASCII keys, strings, safe integers, bools and nulls."""
    pending = [value]
    while pending:
        item = pending.pop()
        if type(item) is dict:
            try:
                if not "".join(item).isascii():  # every key at once
                    return False
            except TypeError:
                return False  # a key that is not a string
            members: Any = item.values()
        elif type(item) is list:
            members = item
        else:
            members = (item,)
        for member in members:
            kind = type(member)
            if kind is str or member is None or kind is bool:
                continue
            if kind is int:
                if not -MAX_SAFE_INTEGER <= member <= MAX_SAFE_INTEGER:
                    return False
            elif kind is dict or kind is list:
                pending.append(member)
            else:
                return False  # floats, and anything not plainly JSON: rfc8785 decides
    return True


def canonical_json(value: Any) -> bytes:
    """RFC 8785 canonical JSON.

    For ASCII keys, safe integers and strings, orjson's sorted compact form is
    byte-identical to RFC 8785 (key order by code point equals UTF-16 order for ASCII; the
    string escapes agree; checked against `rfc8785` by property tests) and many times
    faster; anything else (floats, non-ASCII keys) goes through `rfc8785` itself.
    """
    if _plain(value):
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    return rfc8785.dumps(value)


def entry_bytes(
    *,
    tenant_id: str,
    seq: int,
    event_id: str,
    event_type: str,
    payload: dict[str, Any],
    created_at: datetime,
    previous_hash: str,
) -> bytes:
    """The canonical bytes of one entry, exactly as stored and hashed."""
    if type(seq) is not int or not 0 <= seq <= MAX_SAFE_INTEGER:
        raise ValueError(f"seq {seq!r} is not a safe integer")
    return canonical_json(
        {
            "v": ENTRY_VERSION,
            "tenant_id": tenant_id,
            "seq": seq,
            "event_id": event_id,
            "event_type": event_type,
            "payload": payload,
            "created_at": format_time(created_at),
            "previous_hash": previous_hash,
        }
    )


def leaf_hash(entry: bytes) -> bytes:
    """RFC 6962 leaf hash of an entry."""
    return hashlib.sha256(b"\x00" + entry).digest()


@dataclass(frozen=True)
class StoredEntry:
    """An entry as read back: its bytes, the hash stored beside them, and the columns a
    store keeps beside them for queries (each must say what the bytes say)."""

    seq: int
    entry: bytes
    hash: str
    columns: tuple[tuple[str, str], ...] = ()  # ("event_type", "hotstack.…"), …


@dataclass(frozen=True)
class Verification:
    """Outcome of checking a tenant's chain."""

    ok: bool
    size: int
    root: str | None
    first_broken_seq: int | None = None
    reason: str | None = None


def verify_chain(tenant_id: str, entries: Iterable[StoredEntry]) -> Verification:
    """Recompute every link from the stored bytes; name the first entry that does not hold."""
    previous = GENESIS_HASH
    leaves: list[bytes] = []
    expected_seq = 1
    for stored in entries:

        def broken(reason: str, seq: int = expected_seq) -> Verification:
            return Verification(False, len(leaves), None, seq, reason)

        if stored.seq != expected_seq:
            return broken(f"entry {expected_seq} is missing (found {stored.seq})")
        try:
            body = json.loads(stored.entry)
        except ValueError:
            return broken("entry bytes are not JSON")
        if not isinstance(body, dict):
            return broken("entry is not a JSON object")
        try:
            canonical = canonical_json(body)
        except Exception:
            return broken("entry cannot be canonicalised")
        if canonical != stored.entry:
            return broken("entry bytes are not canonical JSON")
        if body.get("seq") != expected_seq or body.get("tenant_id") != tenant_id:
            return broken("entry names another position or tenant")
        if body.get("previous_hash") != previous:
            return broken("previous_hash does not link to the entry before")
        digest = leaf_hash(stored.entry)
        if digest.hex() != stored.hash:
            return broken("stored hash does not match the entry bytes")
        for column, value in stored.columns:
            if body.get(column) != value:
                return broken(f"stored {column} does not match the entry bytes")
        leaves.append(digest)
        previous = stored.hash
        expected_seq += 1
    root = merkle_root(leaves).hex()
    return Verification(True, len(leaves), root)
