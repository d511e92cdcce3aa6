"""The ledger's signing key: configured, or generated once for embedded and test use."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from .domain.notes import Signer
from .settings import Settings

KEY_FILE = "ledger-signing-key"


def load_signer(settings: Settings) -> Signer:
    """LEDGER_SIGNING_KEY (a base64 Ed25519 seed), or outside production one kept on disk."""
    if settings.signing_key is not None:
        seed = base64.b64decode(settings.signing_key.get_secret_value())
        return Signer.from_seed(settings.key_name, seed)
    if settings.environment == "production":
        raise RuntimeError("LEDGER_SIGNING_KEY must be set in production")
    return Signer.from_seed(settings.key_name, stored_seed(Path(settings.state_dir) / KEY_FILE))


def stored_seed(path: Path) -> bytes:
    """A 32-byte Ed25519 seed kept in a file only its owner reads, created on first use."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first: use theirs
            pass
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(base64.b64encode(os.urandom(32)).decode())
    return base64.b64decode(path.read_text().strip())
