"""`python -m hotstack_payment` serves the payment service."""

from hotstack_libs.http.server import serve

from .bootstrap import create_app
from .settings import Settings

if __name__ == "__main__":
    serve(create_app, Settings())
