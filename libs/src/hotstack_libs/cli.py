"""The `hotstack` command: tokens and the embedded stack."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import timedelta
from pathlib import Path

from .auth import TENANT_SCOPES, mint_token
from .settings import DEV_AUTH_SECRET

DEFAULT_STATE = Path(os.environ.get("HOTSTACK_STATE_DIR", ".hotstack"))
DEFAULT_BRIEF = Path("examples/briefs/paws-and-whiskers.md")


def _secret() -> str:
    return os.environ.get("HOTSTACK_AUTH_SECRET") or DEV_AUTH_SECRET


def _out(text: str) -> None:
    print(text, flush=True)  # noqa: T201


def cmd_token(args: argparse.Namespace) -> int:
    """Print a bearer token."""
    scopes = args.scopes.split(",") if args.scopes else list(TENANT_SCOPES)
    _out(mint_token(_secret(), args.tenant, scopes, timedelta(hours=args.hours)))
    return 0


def cmd_up(args: argparse.Namespace) -> int:
    """Start the embedded stack in the background."""
    from .stack import Stack, StackConfig, load_record

    if load_record(args.state) is not None:
        _out(f"HotStack is already up (state in {args.state}); run `make down` first.")
        return 1
    stack = Stack(StackConfig.default(args.state))
    try:
        stack.start(timeout=args.timeout)
    except Exception as error:
        _out(f"HotStack did not start: {error}")
        stack.stop()
        return 1
    _out(f"HotStack is up (state in {stack.config.state_dir}, logs in {stack.logs}):")
    _out(f"  nats      {stack.config.nats_url}")
    _out(f"  smtp sink 127.0.0.1:{stack.config.smtp_port} → {stack.config.mail_dir}")
    for name in stack.config.ports:
        _out(f"  {name:<9} {stack.config.url(name)}")
    return 0


def cmd_down(args: argparse.Namespace) -> int:
    """Stop the embedded stack."""
    from .stack import stop_recorded

    stopped = stop_recorded(args.state)
    _out("stopped: " + ", ".join(stopped) if stopped else "HotStack was not running.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Walk a sample brief through the running stack."""
    from .demo import run_demo
    from .stack import config_from_record, load_record

    record = load_record(args.state)
    if record is None:
        _out("HotStack is not up: run `make up` first.")
        return 1
    run_demo(config_from_record(record), _secret(), args.brief, timeout=args.timeout)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser."""
    parser = argparse.ArgumentParser(prog="hotstack", description="HotStack command line")
    sub = parser.add_subparsers(dest="command", required=True)

    token = sub.add_parser("token", help="print a bearer token for a tenant")
    token.add_argument("--tenant", required=True)
    token.add_argument("--scopes", help=f"comma-separated (default: {','.join(TENANT_SCOPES)})")
    token.add_argument("--hours", type=float, default=12.0, help="lifetime (default 12)")
    token.set_defaults(func=cmd_token)

    for name, func, text in (
        ("up", cmd_up, "start the embedded stack in the background"),
        ("down", cmd_down, "stop the embedded stack"),
        ("demo", cmd_demo, "walk a sample brief through the running stack"),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("--state", type=Path, default=DEFAULT_STATE, help="state folder")
        command.add_argument("--timeout", type=float, default=90.0)
        if name == "demo":
            command.add_argument("--brief", type=Path, default=DEFAULT_BRIEF)
        command.set_defaults(func=func)
    return parser


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    args = build_parser().parse_args(argv)
    sys.exit(args.func(args))
