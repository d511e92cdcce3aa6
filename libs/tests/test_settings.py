"""Settings: production refuses secrets that are not secret."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from hotstack_libs.settings import DEV_AUTH_SECRET, ServiceSettings

pytestmark = pytest.mark.unit

ROOT = Path(__file__).parents[2]


@pytest.mark.parametrize(
    ("secret", "says"),
    [
        (DEV_AUTH_SECRET, "embedded default"),
        ("short-but-random-Zq81", "at least 32 bytes"),
        ("compose-only-secret-change-me-0123456789abcdef", "placeholder"),
        ("CHANGEME-please-0123456789abcdef0123456789", "placeholder"),
    ],
)
def test_production_refuses_weak_secrets_naming_why(secret: str, says: str) -> None:
    with pytest.raises(ValidationError, match=says):
        ServiceSettings(environment="production", auth_secret=SecretStr(secret))


def test_production_takes_a_random_secret_and_other_modes_take_the_default() -> None:
    strong = "k3F9v1Qz7LmN0pR2sT4uW6xY8aB5cD7eF9gH1jK3"
    assert ServiceSettings(environment="production", auth_secret=SecretStr(strong))
    assert ServiceSettings(environment="embedded", auth_secret=SecretStr(DEV_AUTH_SECRET))


def test_compose_requires_a_secret_of_its_own() -> None:
    compose = (ROOT / "docker-compose.yml").read_text()
    secret = re.search(r"HOTSTACK_AUTH_SECRET: (.+)", compose)
    assert secret is not None
    assert secret.group(1).startswith("${HOTSTACK_AUTH_SECRET:?")  # no default to fall back on
