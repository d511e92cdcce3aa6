"""Column types every service's tables share."""

from __future__ import annotations

import sqlalchemy as sa


def timestamp(nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    """A timezone-aware timestamp column (TIMESTAMPTZ on PostgreSQL)."""
    return sa.Column(sa.DateTime(timezone=True), nullable=nullable)
