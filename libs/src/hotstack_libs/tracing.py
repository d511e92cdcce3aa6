"""OpenTelemetry tracing, off by default: one upload's spans join up across services.

Every event carries a W3C `traceparent`. A consumer starts its span as a child of the
incoming event's traceparent, and every event emitted inside that span carries the span's
own traceparent (see `Transaction.emit`). HTTP requests start a server span from an
incoming `traceparent` header. With `HOTSTACK_OTEL_EXPORTER=none` (the default) no tracer
provider is installed, the API is a no-op, and events keep the traceparent they were
caused by.
"""

from __future__ import annotations

from typing import Literal

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

Exporter = Literal["none", "console", "otlp"]
_PROPAGATOR = TraceContextTextMapPropagator()
_configured = False

tracer = trace.get_tracer("hotstack")


def configure(service: str, exporter: Exporter, endpoint: str | None = None) -> None:
    """Install a tracer provider exporting to `exporter` (once per process)."""
    global _configured
    if exporter == "none" or _configured:
        return
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter

    span_exporter: SpanExporter
    if exporter == "console":
        span_exporter = ConsoleSpanExporter()
    else:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        span_exporter = OTLPSpanExporter(endpoint=endpoint) if endpoint else OTLPSpanExporter()
    provider = TracerProvider(resource=Resource.create({"service.name": f"hotstack-{service}"}))
    provider.add_span_processor(BatchSpanProcessor(span_exporter))
    trace.set_tracer_provider(provider)
    _configured = True


def enabled() -> bool:
    """Whether a tracer provider is installed: otherwise every span is a no-op."""
    return not isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider)


def context_of(traceparent: str | None) -> Context:
    """The trace context a W3C traceparent names (empty when there is none)."""
    return _PROPAGATOR.extract({"traceparent": traceparent} if traceparent else {})


def current_traceparent() -> str | None:
    """The traceparent of the active span, or None when nothing is being traced."""
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier)
    return carrier.get("traceparent")
