"""`python -m hotstack_libs.documents`: the document worker (see `worker.py`)."""

from .worker import main

main()
