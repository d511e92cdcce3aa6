"""HTTP surface every service shares: probes, metrics, auth, the app factory."""

from .auth import authorize
from .headers import IDEMPOTENCY_KEY
from .ownership import owned
from .runtime import Runtime, get_runtime
from .service import create_service_app

__all__ = [
    "IDEMPOTENCY_KEY",
    "Runtime",
    "authorize",
    "create_service_app",
    "get_runtime",
    "owned",
]
