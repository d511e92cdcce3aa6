"""The `hotstack` command: tokens and the embedded stack."""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

from hotstack_libs.auth import TENANT_SCOPES, mint_token
from hotstack_libs.logging import configure_logging
from hotstack_libs.settings import DEV_AUTH_SECRET

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
    """Start the stack of a profile in the background: embedded, or cluster."""
    from .stack import Stack, StackConfig, load_record

    if load_record(args.state) is not None:
        _out(f"HotStack is already up (state in {args.state}); run `make down` first.")
        return 1
    stack: Stack
    if args.profile == "cluster":
        from .cluster import ClusterConfig, ClusterStack

        stack = ClusterStack(ClusterConfig.default(args.state))
    else:
        stack = Stack(StackConfig.default(args.state))
    started = time.monotonic()
    try:
        stack.start(timeout=args.timeout)
    except Exception as error:
        _out(f"HotStack did not start: {error}")
        stack.stop()
        return 1
    config = stack.config
    _out(
        f"HotStack ({config.profile}) is up in {time.monotonic() - started:.0f} s"
        f" (state in {config.state_dir}, logs in {stack.logs}):"
    )
    _out(f"  nats      {config.nats_url}")
    for line in stack.engines():
        _out(f"  {line}")
    _out(f"  smtp sink 127.0.0.1:{config.smtp_port} → {config.mail_dir}")
    for name in config.ports:
        _out(f"  {name:<10} {config.url(name)}")
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


def _nats_url(args: argparse.Namespace) -> str:
    if args.nats:
        return str(args.nats)
    from .stack import config_from_record, load_record

    record = load_record(args.state)
    if record is not None:
        return config_from_record(record).nats_url
    return os.environ.get("HOTSTACK_NATS_URL", "nats://127.0.0.1:4222")


def cmd_publish(args: argparse.Namespace) -> int:
    """Validate an event against the contract and publish it."""
    import asyncio

    from nats import errors as nats_errors

    from hotstack_contracts import InvalidEventError

    from .operator import publish

    try:
        raw = Path(args.data).read_bytes() if args.data != "-" else sys.stdin.buffer.read()
        published = asyncio.run(publish(_nats_url(args), args.subject, raw))
    except InvalidEventError as error:
        print(f"invalid event: {error.reason}", file=sys.stderr)  # noqa: T201
        return 2
    except (OSError, nats_errors.Error) as error:
        print(f"cannot publish: {type(error).__name__}: {error}", file=sys.stderr)  # noqa: T201
        return 1
    state = "duplicate (already in the stream)" if published.duplicate else "published"
    _out(
        f"{state}: {published.event_id} on {published.subject} (stream seq {published.stream_seq})"
    )
    return 0


def cmd_dlq(args: argparse.Namespace) -> int:
    """List or replay dead letters."""
    import asyncio

    from .operator import dead_letters, describe, replay

    url = _nats_url(args)
    if args.dlq_command == "list":
        for seq, letter in asyncio.run(dead_letters(url, args.service, args.limit)):
            _out(f"{seq}\t{describe(letter)}")
        return 0
    published = asyncio.run(replay(url, args.seq))
    _out(
        f"replayed {published.event_id} on {published.subject} (stream seq {published.stream_seq})"
    )
    return 0


def _stack_urls(args: argparse.Namespace) -> dict[str, str]:
    from .stack import SERVICES, config_from_record, load_record

    record = load_record(args.state)
    if record is not None:
        config = config_from_record(record)
        return {name: config.url(name) for name in SERVICES}
    return {name: f"http://127.0.0.1:{port}" for name, port in SERVICES.items()}


def cmd_status(args: argparse.Namespace) -> int:
    """Follow an upload through the pipeline until it is published or fails."""
    import httpx

    token = mint_token(_secret(), args.tenant)
    url = f"{_stack_urls(args)['upload']}/api/uploads/{args.upload_id}"
    shown: set[str] = set()
    deadline = time.monotonic() + args.timeout
    with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=10.0) as client:
        while True:
            response = client.get(url)
            if response.status_code == 404:
                _out(f"no upload {args.upload_id} for tenant {args.tenant!r}")
                return 1
            body = response.raise_for_status().json()
            for item in body["timeline"]:
                if item["id"] not in shown:
                    shown.add(item["id"])
                    _out(f"  {item['time']}  {item['type']}")
            if body["status"] in ("published", "failed") or not args.follow:
                break
            if time.monotonic() > deadline:
                _out(f"still {body['status']} after {args.timeout:.0f}s")
                return 1
            time.sleep(0.5)
    _out(f"status: {body['status']}")
    for key in ("preview_url", "checkout_url", "site_url", "error"):
        if body.get(key):
            _out(f"{key}: {body[key]}")
    return 0 if body["status"] != "failed" else 1


def cmd_ledger_verify(args: argparse.Namespace) -> int:
    """Export a tenant's ledger and check it with the offline verifier, as an auditor would."""
    import json
    import subprocess
    import tempfile

    import httpx

    token = mint_token(_secret(), args.tenant)
    url = f"{_stack_urls(args)['ledger']}/api/ledger/{args.tenant}/export"
    response = httpx.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=30.0)
    if response.status_code != 200:
        _out(f"cannot export the ledger: {response.status_code} {response.text}")
        return 2
    bundle = response.json()
    # Pin a key you hold with --key; without it the bundle's own key is used (trust on first use).
    key = args.key or bundle["verifier_key"]
    witness = args.witness or bundle.get("witness_key")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(bundle, handle)
    verifier = Path(sys.executable).parent / "hotstack-ledger"
    command = [str(verifier), "verify", handle.name, "--key", key]
    result = subprocess.run(  # noqa: S603 - our own verifier, our own arguments
        [*command, "--witness", witness] if witness else command, check=False
    )
    Path(handle.name).unlink(missing_ok=True)
    return result.returncode


def build_parser() -> argparse.ArgumentParser:
    """The argument parser."""
    parser = argparse.ArgumentParser(prog="hotstack", description="HotStack command line")
    sub = parser.add_subparsers(dest="command", required=True)

    token = sub.add_parser("token", help="print a bearer token for a tenant")
    token.add_argument("--tenant", required=True)
    token.add_argument("--scopes", help=f"comma-separated (default: {','.join(TENANT_SCOPES)})")
    token.add_argument("--hours", type=float, default=12.0, help="lifetime (default 12)")
    token.set_defaults(func=cmd_token)

    publish = sub.add_parser(
        "publish", help="validate an event against the contract and publish it"
    )
    publish.add_argument("subject", help="e.g. hotstack.upload.received.v1")
    publish.add_argument("--data", required=True, help="a file holding the envelope JSON, or -")
    publish.add_argument("--nats", help="NATS URL (default: the running stack, HOTSTACK_NATS_URL)")
    publish.add_argument("--state", type=Path, default=DEFAULT_STATE)
    publish.set_defaults(func=cmd_publish)

    dlq = sub.add_parser("dlq", help="dead letters: list, replay")
    dlq.add_argument("--nats", help="NATS URL (default: the running stack, HOTSTACK_NATS_URL)")
    dlq.add_argument("--state", type=Path, default=DEFAULT_STATE)
    dlq_sub = dlq.add_subparsers(dest="dlq_command", required=True)
    dlq_list = dlq_sub.add_parser("list", help="list dead letters with their reasons")
    dlq_list.add_argument("--service", help="only this service's")
    dlq_list.add_argument("--limit", type=int, default=100)
    dlq_replay = dlq_sub.add_parser("replay", help="deliver a dead letter's event again")
    dlq_replay.add_argument("seq", type=int, help="stream sequence from `dlq list`")
    dlq.set_defaults(func=cmd_dlq)

    status = sub.add_parser("status", help="follow an upload through the pipeline")
    status.add_argument("upload_id")
    status.add_argument("--tenant", required=True)
    status.add_argument("--follow", action="store_true", help="wait until published or failed")
    status.add_argument("--timeout", type=float, default=300.0)
    status.add_argument("--state", type=Path, default=DEFAULT_STATE)
    status.set_defaults(func=cmd_status)

    ledger = sub.add_parser("ledger", help="the audit chain")
    ledger_sub = ledger.add_subparsers(dest="ledger_command", required=True)
    ledger_verify = ledger_sub.add_parser("verify", help="export a tenant's chain and verify it")
    ledger_verify.add_argument("tenant")
    ledger_verify.add_argument("--key", help="pinned verifier key (default: the bundle's own)")
    ledger_verify.add_argument(
        "--witness", help="pinned witness cosigner key (default: the one the bundle names)"
    )
    ledger_verify.add_argument("--state", type=Path, default=DEFAULT_STATE)
    ledger_verify.set_defaults(func=cmd_ledger_verify)

    for name, func, text in (
        ("up", cmd_up, "start the stack in the background"),
        ("down", cmd_down, "stop the stack"),
        ("demo", cmd_demo, "walk a sample brief through the running stack"),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("--state", type=Path, default=DEFAULT_STATE, help="state folder")
        command.add_argument("--timeout", type=float, default=90.0)
        if name == "up":
            command.add_argument(
                "--profile",
                choices=("embedded", "cluster"),
                default="embedded",
                help="embedded: one process each on nats-server, SQLite and a folder (default);"
                " cluster: two replicas each on three NATS nodes, PostgreSQL and SeaweedFS",
            )
        if name == "demo":
            command.add_argument("--brief", type=Path, default=DEFAULT_BRIEF)
        command.set_defaults(func=func)
    return parser


def main(argv: list[str] | None = None) -> None:
    """Entry point: results on stdout, logs (warnings and up) on stderr."""
    configure_logging("cli", "WARNING")
    args = build_parser().parse_args(argv)
    sys.exit(args.func(args))


if __name__ == "__main__":
    main()
