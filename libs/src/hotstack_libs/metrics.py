"""Prometheus metrics shared by every service."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

EVENTS_CONSUMED = Counter(
    "hotstack_events_consumed_total",
    "Events handled by a consumer, by outcome (applied, duplicate, retried, dead_lettered).",
    ["service", "subject", "outcome"],
)
HANDLER_SECONDS = Histogram(
    "hotstack_handler_seconds",
    "Time to handle one event, commit included.",
    ["service", "subject"],
)
OUTBOX_PUBLISHED = Counter(
    "hotstack_outbox_published_total", "Outbox rows published to JetStream.", ["service"]
)
OUTBOX_BACKLOG = Gauge(
    "hotstack_outbox_backlog", "Outbox rows committed but not yet published.", ["service"]
)
OUTBOX_OLDEST_SECONDS = Gauge(
    "hotstack_outbox_oldest_seconds",
    "Age of the oldest unpublished outbox row (0 when the outbox is empty).",
    ["service"],
)
HTTP_REQUESTS = Counter(
    "hotstack_http_requests_total",
    "HTTP requests by route and status.",
    ["service", "route", "status"],
)
HTTP_SECONDS = Histogram(
    "hotstack_http_request_seconds", "HTTP request latency.", ["service", "route"]
)
