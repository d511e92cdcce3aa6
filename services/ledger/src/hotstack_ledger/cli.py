"""`hotstack-ledger verify BUNDLE --key KEY [--witness KEY] [--previous CHECKPOINT] [--kept DIR]`:
offline verification, against one checkpoint saved earlier or a folder of them (a tenant keeps
each one its webhook receives as `hotstack.ledger.checkpoint.v1`), and, with `--witness`,
requiring the witness's cosignature on the bundle's checkpoint.

`hotstack-ledger key` prints the ledger's verifier key (what tenants and witnesses pin).

Exit codes: 0 verified; 1 the bundle does not verify (the message names the entry);
2 the input could not be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .domain.bundle import BundleError, verify_bundle
from .domain.notes import Checkpoint, NoteError, Verifier

OK, FAILED, UNREADABLE = 0, 1, 2


def _key(value: str) -> str:
    path = Path(value)
    return path.read_text().strip() if path.is_file() else value


def _note(text: str) -> str:
    """A checkpoint note from a saved file: a bare note, a bundle, or a checkpoint event."""
    if not text.lstrip().startswith("{"):
        return text
    saved = json.loads(text)
    saved = saved.get("data", saved)  # a whole event envelope as a webhook delivers it
    return str(saved.get("checkpoint") or saved.get("note") or text)


def verify(args: argparse.Namespace) -> int:
    """Verify one bundle, against every checkpoint kept."""
    try:
        bundle = json.loads(Path(args.bundle).read_text())
        kept = (
            [(Path(args.previous).name, _note(Path(args.previous).read_text()))]
            if (args.previous)
            else []
        )
        if args.kept:
            kept += [
                (path.name, _note(path.read_text()))
                for path in sorted(Path(args.kept).iterdir())
                if path.is_file()
            ]
        key = _key(args.key)
    except (OSError, ValueError) as error:
        print(f"error: cannot read input: {error}", file=sys.stderr)  # noqa: T201
        return UNREADABLE
    try:
        report = verify_bundle(bundle, key)
        if args.witness:
            try:
                Verifier.parse(_key(args.witness)).cosigned_at(str(bundle["checkpoint"]))
            except NoteError as error:
                raise BundleError(f"checkpoint is not co-signed by the witness: {error}") from error
        failed = []
        for name, note in kept:
            try:
                verify_bundle(bundle, key, note)
            except BundleError as error:
                failed.append((_size(note, key), name, str(error)))
    except BundleError as error:
        where = f" (seq {error.seq})" if error.seq is not None else ""
        print(f"FAILED{where}: {error}", file=sys.stderr)  # noqa: T201
        return FAILED
    if failed:
        size, name, reason = min(failed, key=lambda item: item[0])
        print(  # noqa: T201
            f"FAILED: first inconsistent kept checkpoint is size {size} ({name}): {reason}",
            file=sys.stderr,
        )
        return FAILED
    print(  # noqa: T201
        f"OK {report.origin} size={report.size} root={report.root.hex()}"
        + (", co-signed by the witness" if args.witness else "")
        + (f", consistent with {len(kept)} kept checkpoint(s)" if kept else "")
    )
    return OK


def key(_: argparse.Namespace) -> int:
    """Print the configured ledger's verifier key (creating its key outside production)."""
    from .settings import Settings
    from .signing import load_signer

    print(load_signer(Settings()).verifier_key)  # noqa: T201
    return OK


def _size(note: str, key: str) -> int:
    """The size a kept checkpoint vouches for (0 when its signature does not open)."""
    try:
        return Checkpoint.parse(Verifier.parse(key).open(note)).size
    except ValueError:
        return 0


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="hotstack-ledger", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    command = sub.add_parser("verify", help="verify an exported bundle offline")
    command.add_argument("bundle", help="the JSON bundle from GET /api/ledger/{tenant}/export")
    command.add_argument("--key", required=True, help="verifier key string, or a file holding it")
    command.add_argument("--previous", help="a checkpoint note (or bundle) saved earlier")
    command.add_argument("--kept", help="a folder of checkpoints kept (notes, bundles, events)")
    command.add_argument("--witness", help="a witness's cosigner key (or a file holding it)")
    command.set_defaults(func=verify)
    printer = sub.add_parser("key", help="print this ledger's verifier key")
    printer.set_defaults(func=key)
    args = parser.parse_args(argv)
    sys.exit(args.func(args))


if __name__ == "__main__":
    main()
