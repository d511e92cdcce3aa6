"""Identifiers: prefixed, time-ordered, URL-safe."""

from __future__ import annotations

import os
import time


def new_id(prefix: str) -> str:
    """Return ``<prefix>_<32 hex>``: a UUIDv7-layout id that sorts by creation time."""
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis & ((1 << 48) - 1)) << 80 | rand
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 9562 variant
    return f"{prefix}_{value:032x}"


def id_millis(identifier: str) -> int:
    """The Unix time in milliseconds that `new_id` wrote into `identifier`."""
    value = int(identifier.rpartition("_")[2], 16)
    return value >> 80
