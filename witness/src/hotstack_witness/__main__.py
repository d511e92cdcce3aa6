"""`hotstack-witness [serve]` runs the witness; `hotstack-witness key` prints its verifier key
(what a ledger's `LEDGER_WITNESS_KEY` and tenants pin)."""

from __future__ import annotations

import sys

import uvicorn

from hotstack_libs.logging import configure_logging

from .app import create_app, load_cosigner
from .settings import Settings


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    args = sys.argv[1:] if argv is None else argv
    settings = Settings()
    if args[:1] == ["key"]:
        print(load_cosigner(settings).cosigner_key)  # noqa: T201
        return
    if args and args[:1] != ["serve"]:
        sys.exit("usage: hotstack-witness [serve|key]")
    configure_logging("witness", settings.log_level, settings.log_format)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=10,
    )


if __name__ == "__main__":
    main()
