"""HTTP surface every service shares: probes, metrics, auth, the app factory."""

from .app import create_service_app
from .auth import authorize
from .headers import IDEMPOTENCY_KEY
from .ownership import found, owned
from .runtime import Runtime, ServiceDependencies, open_runtime
from .service import Service, consumers_of, get_runtime, provided, service_of

__all__ = [
    "IDEMPOTENCY_KEY",
    "Runtime",
    "Service",
    "ServiceDependencies",
    "authorize",
    "consumers_of",
    "create_service_app",
    "found",
    "get_runtime",
    "open_runtime",
    "owned",
    "provided",
    "service_of",
]
