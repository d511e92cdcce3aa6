"""The compose files validate against the Compose Specification schema (vendored by
check-jsonschema, so this works offline and without Docker)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).parents[1]
CHECKER = Path(sys.executable).with_name("check-jsonschema")
COMPOSE_FILES = [
    ROOT / "docker-compose.yml",
    ROOT / "infra" / "nats" / "docker-compose.cluster.yml",
]


def check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHECKER), "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("path", COMPOSE_FILES, ids=lambda p: p.name)
def test_compose_file_follows_the_compose_specification(path: Path) -> None:
    result = check(path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_check_refuses_a_broken_compose_file(tmp_path: Path) -> None:
    broken = tmp_path / "compose.yml"
    broken.write_text(
        "services:\n"
        "  web:\n"
        "    image: nginx\n"
        "    ports: 80\n"
        "    depends_on: {db: {condition: whenever}}\n"
    )
    result = check(broken)
    assert result.returncode != 0
    assert "'whenever' is not one of" in result.stdout
    assert "80 is not of type 'array'" in result.stdout
