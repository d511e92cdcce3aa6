"""Readable, ASCII, unique slugs."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 60


def slugify(name: str) -> str:
    """`Paws & Whiskers Rescue` → `paws-whiskers-rescue`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:MAX_SLUG].rstrip("-") or "site"


def candidates(name: str) -> list[str]:
    """The slug, then `-2`, `-3`, ... to try in order until one is free."""
    base = slugify(name)
    return [base, *(f"{base}-{n}" for n in range(2, 200))]
