"""Every API of the running stack, fuzzed from its own OpenAPI document (schemathesis):
no server errors, and every answer has a status, content type and body the document
describes. Bounded examples per operation, so CI stays within its time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import hypothesis
import pytest
import schemathesis
from schemathesis.core.result import Err
from schemathesis.specs.openapi import checks

from hotstack_libs.auth import mint_token
from hotstack_libs.settings import DEV_AUTH_SECRET
from hotstack_tools.stack import SERVICES, Stack

pytestmark = pytest.mark.integration

CHECKS = [
    schemathesis.checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]
EXAMPLES = 30


def _runner(
    operation: Any, base: str, headers: dict[str, str], calls: list[str]
) -> Callable[[], None]:
    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(hypothesis.HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )
    @hypothesis.given(case=operation.as_strategy())
    def run(case: Any) -> None:
        calls.append(operation.label)
        case.call_and_validate(base_url=base, headers=headers, checks=CHECKS)

    return run


def _fuzz(stack: Stack, service: str) -> tuple[list[str], list[str]]:
    base = stack.config.url(service)
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    headers = {"Authorization": f"Bearer {mint_token(DEV_AUTH_SECRET, 'fuzz')}"}
    failures: list[str] = []
    calls: list[str] = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):  # a part of the document schemathesis cannot use
            failures.append(f"the OpenAPI document: {result.err()}")
            continue
        operation = result.ok()
        try:
            _runner(operation, base, headers, calls)()
        except Exception as error:  # every operation's first failure, reported together
            failures.append(f"{operation.label}: {type(error).__name__}: {str(error)[:600]}")
    return failures, calls


@pytest.mark.parametrize("service", SERVICES)
def test_the_api_answers_as_its_openapi_says(stack: Stack, service: str) -> None:
    failures, calls = _fuzz(stack, service)
    assert failures == [], "\n\n".join(failures)
    assert len(calls) >= 5  # the fuzzer did call the API
