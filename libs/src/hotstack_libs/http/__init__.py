"""HTTP surface every service shares: probes, metrics, auth, the app factory."""

from .auth import authorize
from .ownership import owned
from .runtime import Runtime, get_runtime
from .service import create_service_app

__all__ = ["Runtime", "authorize", "create_service_app", "get_runtime", "owned"]
