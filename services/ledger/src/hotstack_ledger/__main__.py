"""`python -m hotstack_ledger` serves the ledger service."""

from hotstack_libs.http.server import serve

from .bootstrap import create_app
from .settings import Settings

if __name__ == "__main__":
    serve(create_app, Settings())
