"""Webhook rules: which events an endpoint wants, and when to try again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

# Svix's schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
DEFAULT_SCHEDULE: tuple[float, ...] = (0, 5, 300, 1800, 7200, 18000, 36000, 36000)


def matches(filters: Sequence[str], event_type: str) -> bool:
    """Exact types, `*` for all, or `prefix.*` wildcards (e.g. `hotstack.payment.*`)."""
    for pattern in filters:
        if pattern in ("*", event_type):
            return True
        if pattern.endswith(".*") and event_type.startswith(pattern[:-1]):
            return True
    return False


@dataclass(frozen=True)
class Outcome:
    """What one attempt's answer means."""

    succeeded: bool
    disable_endpoint: bool = False
    retry_after: float | None = None


def judge(status: int | None, retry_after_header: str | None, now: datetime) -> Outcome:
    """Only 2xx succeeds; 410 disables the endpoint; 429/503 may say when to come back."""
    if status is not None and 200 <= status < 300:
        return Outcome(succeeded=True)
    if status == 410:
        return Outcome(succeeded=False, disable_endpoint=True)
    retry_after = None
    if status in (429, 503) and retry_after_header:
        retry_after = _retry_after_seconds(retry_after_header.strip(), now)
    return Outcome(succeeded=False, retry_after=retry_after)


def _retry_after_seconds(value: str, now: datetime) -> float | None:
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - now).total_seconds())


def next_attempt(
    schedule: Sequence[float], attempts_made: int, retry_after: float | None, now: datetime
) -> datetime | None:
    """When to try again after `attempts_made` failed attempts, or None when exhausted."""
    if attempts_made >= len(schedule):
        return None
    delay = schedule[attempts_made]
    if retry_after is not None:
        delay = max(delay, retry_after)
    return now + timedelta(seconds=delay)
