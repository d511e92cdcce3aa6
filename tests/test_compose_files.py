"""The compose files validate against the Compose Specification schema (vendored by
check-jsonschema, so this works offline and without Docker), and `make compose-env` gives
every value docker-compose.yml requires, keys that the ledger and the witness accept."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

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


def test_compose_env_gives_every_required_value_as_keys_the_ledger_and_witness_accept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hotstack_ledger.settings import Settings as LedgerSettings
    from hotstack_ledger.signing import load_signer
    from hotstack_witness.app import load_cosigner
    from hotstack_witness.settings import Settings as WitnessSettings
    from hotstack_witness.witnessing import TrustedLogs

    printed = subprocess.run(
        [str(ROOT / "scripts" / "compose-env.sh")],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    values = dict(line.split("=", 1) for line in printed.splitlines())
    required = set(re.findall(r"\$\{(\w+):\?", (ROOT / "docker-compose.yml").read_text()))
    assert required == set(values)
    monkeypatch.setenv("HOTSTACK_ENV", "production")
    monkeypatch.setenv("HOTSTACK_AUTH_SECRET", values["HOTSTACK_AUTH_SECRET"])
    ledger = LedgerSettings(
        signing_key=SecretStr(values["LEDGER_SIGNING_KEY"]),
        witness_url="http://witness:8007",
        witness_key=values["WITNESS_VERIFIER_KEY"],
    )
    assert load_signer(ledger).verifier_key == values["LEDGER_VERIFIER_KEY"]
    witness = WitnessSettings(
        key=SecretStr(values["WITNESS_KEY"]), logs=f"* {values['LEDGER_VERIFIER_KEY']}"
    )
    assert load_cosigner(witness).cosigner_key == values["WITNESS_VERIFIER_KEY"]
    TrustedLogs.parse(witness.logs)  # the witness reads the ledger's key as a log it watches
