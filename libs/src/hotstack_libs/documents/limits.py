"""Budgets for reading one document: sizes, counts, time and memory."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one document may cost before we give up on it."""

    max_pages: int = 300
    """PDF pages read."""
    max_stream_bytes: int = 16 * MIB
    """Decompressed size of one PDF stream."""
    max_zip_parts: int = 500
    """Entries in a DOCX archive."""
    max_part_bytes: int = 32 * MIB
    """Uncompressed size of one DOCX part."""
    max_unpacked_bytes: int = 96 * MIB
    """Uncompressed size of all DOCX parts together."""
    max_ratio: int = 200
    """Compression ratio above which a DOCX part (larger than 1 MiB unpacked) is a bomb."""
    max_chars: int = 200_000
    """Characters of text kept."""
    max_pictures: int = 40
    """Pictures taken from one brief; later ones are left out with a reason."""
    max_picture_bytes: int = 20 * MIB
    """Size of one embedded picture file."""
    max_pictures_bytes: int = 96 * MIB
    """Size of all the pictures taken from one brief together."""
    max_picture_pixels: int = 50_000_000
    """Pixels one picture may declare (a decompression bomb declares billions)."""
    timeout_seconds: float = 20.0
    """Wall-clock time to read one document."""
    memory_bytes: int = 768 * MIB
    """Address space of the process that reads it."""
