"""The embedded stack as real processes on free ports, started once for all the e2e tests
(each test uses tenants of its own; a test that stops a part of the stack starts it again)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from hotstack_libs.auth import mint_token
from hotstack_libs.settings import DEV_AUTH_SECRET
from hotstack_tools.stack import Stack, StackConfig

BRIEF = Path(__file__).parents[2] / "examples" / "briefs" / "paws-and-whiskers.md"
TEST_CARD = "4242 4242 4242 4242"


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    # Webhooks may reach the tests' own receivers on this machine.
    config = StackConfig.ephemeral(
        tmp_path_factory.mktemp("stack"), NOTIFIER_WEBHOOK_ALLOW_LOOPBACK="true"
    )
    stack = Stack(config)
    try:
        stack.start(timeout=120)
        yield stack
    finally:
        stack.stop()


class Tenant:
    """An HTTP client holding one tenant's token."""

    def __init__(self, stack: Stack, name: str) -> None:
        self.stack = stack
        self.name = name
        token = mint_token(DEV_AUTH_SECRET, name)
        self.http = httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=10.0)

    def url(self, service: str, path: str) -> str:
        return f"{self.stack.config.url(service)}{path}"

    def upload(
        self,
        email: str,
        brief: Path = BRIEF,
        headers: dict[str, str] | None = None,
        prompt: str = "Build me a pet adoption site",
    ) -> dict[str, Any]:
        response = self.http.post(
            self.url("upload", "/api/upload"),
            files={"file": (brief.name, brief.read_bytes(), "text/markdown")},
            data={"prompt": prompt, "contact_email": email},
            headers=headers,
        )
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    def status(self, upload_id: str) -> dict[str, Any]:
        response = self.http.get(self.url("upload", f"/api/uploads/{upload_id}"))
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body

    def wait_for(
        self, upload_id: str, predicate: Callable[[dict[str, Any]], bool], timeout: float = 60.0
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            body = self.status(upload_id)
            if predicate(body):
                return body
            assert body["status"] != "failed", body["error"]
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; last status {body}")
            time.sleep(0.2)

    def wait_for_failure(self, upload_id: str, timeout: float = 60.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            body = self.status(upload_id)
            if body["status"] == "failed":
                return body
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; last status {body}")
            time.sleep(0.2)

    def pay(self, payment_id: str, key: str) -> httpx.Response:
        return self.http.post(
            self.url("payment", f"/api/payments/{payment_id}/confirm"),
            json={"card_number": TEST_CARD},
            headers={"Idempotency-Key": key},
        )

    def ledger(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        verify = self.http.get(self.url("ledger", f"/api/ledger/{self.name}/verify")).json()
        entries = self.http.get(
            self.url("ledger", f"/api/ledger/{self.name}/entries"), params={"limit": 1000}
        ).json()["entries"]
        return verify, entries


def types(body: dict[str, Any]) -> list[str]:
    return [item["type"] for item in body["timeline"]]


def wait_until(check: Callable[[], bool], timeout: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def assert_ledger_holds_each_event_once(tenant: Tenant, event_ids: set[str]) -> None:
    def caught_up() -> bool:
        _, entries = tenant.ledger()
        return event_ids <= {entry["event_id"] for entry in entries}

    wait_until(caught_up, what="the ledger to record every event")
    # A notification about the last event can still be chained between the verify and the
    # entries requests: read again until both describe the same chain.
    reads: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []

    def settled() -> bool:
        reads.append(tenant.ledger())
        return bool(reads[-1][0]["size"] == len(reads[-1][1]))

    wait_until(settled, what="a verify and an entries read of the same chain")
    verify, entries = reads[-1]
    assert verify["ok"], verify
    ids = [entry["event_id"] for entry in entries]
    assert len(ids) == len(set(ids)), "an event was chained twice"
    assert [entry["seq"] for entry in entries] == list(range(1, len(entries) + 1))
    assert verify["size"] == len(entries)
