"""Per-service stores: async engines for SQLite and PostgreSQL, migrations, transactions."""

from .columns import timestamp
from .engine import create_engine, is_postgres, ping_database
from .lease import Lease
from .migrations import migrate

__all__ = ["Lease", "create_engine", "is_postgres", "migrate", "ping_database", "timestamp"]
