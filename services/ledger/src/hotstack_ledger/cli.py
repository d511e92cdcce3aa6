"""`hotstack-ledger verify BUNDLE --key KEY [--previous CHECKPOINT]`: offline verification.

Exit codes: 0 verified; 1 the bundle does not verify (the message names the entry);
2 the input could not be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .domain.bundle import BundleError, verify_bundle

OK, FAILED, UNREADABLE = 0, 1, 2


def _key(value: str) -> str:
    path = Path(value)
    return path.read_text().strip() if path.is_file() else value


def verify(args: argparse.Namespace) -> int:
    """Verify one bundle."""
    try:
        bundle = json.loads(Path(args.bundle).read_text())
        previous = Path(args.previous).read_text() if args.previous else None
        key = _key(args.key)
    except (OSError, ValueError) as error:
        print(f"error: cannot read input: {error}", file=sys.stderr)  # noqa: T201
        return UNREADABLE
    if previous is not None and previous.lstrip().startswith("{"):
        previous = json.loads(previous).get("checkpoint", previous)  # a bundle or a bare note
    try:
        report = verify_bundle(bundle, key, previous)
    except BundleError as error:
        where = f" (seq {error.seq})" if error.seq is not None else ""
        print(f"FAILED{where}: {error}", file=sys.stderr)  # noqa: T201
        return FAILED
    print(f"OK {report.origin} size={report.size} root={report.root.hex()}")  # noqa: T201
    return OK


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="hotstack-ledger", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    command = sub.add_parser("verify", help="verify an exported bundle offline")
    command.add_argument("bundle", help="the JSON bundle from GET /api/ledger/{tenant}/export")
    command.add_argument("--key", required=True, help="verifier key string, or a file holding it")
    command.add_argument("--previous", help="a checkpoint note (or bundle) saved earlier")
    command.set_defaults(func=verify)
    args = parser.parse_args(argv)
    sys.exit(args.func(args))
