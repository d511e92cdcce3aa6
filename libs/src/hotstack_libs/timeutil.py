"""Timezone-aware UTC time."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, timezone-aware UTC."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Attach UTC to a naive value read back from SQLite (which drops tzinfo)."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
