"""`hotstack demo`: one sample brief through the whole running stack, printed as it goes."""

from __future__ import annotations

import time
import uuid
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import httpx

from hotstack_libs.auth import mint_token

from .stack import StackConfig

TEST_CARD = "4242 4242 4242 4242"


def _out(text: str) -> None:
    print(text, flush=True)  # noqa: T201 - a command-line walkthrough


def wait_for_status(
    client: httpx.Client, url: str, wanted: set[str], timeout: float, shown: set[str] | None = None
) -> dict[str, Any]:
    """Poll an upload until its status is one of `wanted` (printing new timeline entries)."""
    deadline = time.monotonic() + timeout
    seen = shown if shown is not None else set()
    while True:
        body: dict[str, Any] = client.get(url).raise_for_status().json()
        for item in body["timeline"]:
            if item["id"] not in seen:
                seen.add(item["id"])
                _out(f"  {item['time']}  {item['type']}")
        if body["status"] in wanted:
            return body
        if body["status"] == "failed":
            raise RuntimeError(f"the upload failed: {body['error']}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"status still {body['status']!r} after {timeout}s")
        time.sleep(0.25)


def received_mail(mail_dir: Path, recipient: str) -> list[tuple[str, str]]:
    """(subject, text) of messages the sink received for `recipient`."""
    found = []
    for path in sorted(mail_dir.glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        if recipient in str(message["To"]):
            body = message.get_body(preferencelist=("plain",))
            found.append((str(message["Subject"]), body.get_content() if body else ""))
    return found


def run_demo(
    config: StackConfig, secret: str, brief: Path, tenant: str = "demo", timeout: float = 60.0
) -> None:
    """Upload, wait for the preview, pay, wait for publication and the email; print it all."""
    token = mint_token(secret, tenant)
    headers = {"Authorization": f"Bearer {token}"}
    email = f"owner+{uuid.uuid4().hex[:8]}@example.com"
    with httpx.Client(headers=headers, timeout=10.0) as client:
        _out(f"Uploading {brief.name} for tenant {tenant!r} ...")
        response = client.post(
            f"{config.url('upload')}/api/upload",
            files={"file": (brief.name, brief.read_bytes(), "text/markdown")},
            data={"prompt": "Build me a pet adoption site", "contact_email": email},
            headers={"Idempotency-Key": f"demo-{uuid.uuid4()}"},
        )
        response.raise_for_status()
        upload = response.json()
        status_url = upload["status_url"]
        _out(f"  upload {upload['upload_id']} → {status_url}")
        shown: set[str] = set()
        body = wait_for_status(client, status_url, {"awaiting_payment"}, timeout, shown)
        _out(f"Preview: {body['preview_url']}")
        _out(f"Checkout: {body['checkout_url']}")
        payment_url = f"{config.url('payment')}/api/payments/{body['payment_id']}"
        payment = client.get(payment_url).raise_for_status().json()
        _out(
            f"Quote: {payment['amount_grains']} grains + Care Loop {payment['care_loop_grains']}"
            f" = {payment['total_grains']} grains"
        )
        _out(f"Paying with the sandbox card {TEST_CARD} ...")
        client.post(
            f"{config.url('payment')}/api/payments/{payment['payment_id']}/confirm",
            json={"card_number": TEST_CARD},
            headers={"Idempotency-Key": f"demo-pay-{payment['payment_id']}"},
        ).raise_for_status()
        body = wait_for_status(client, status_url, {"published"}, timeout, shown)
        _out(f"Published: {body['site_url']}")
        deadline = time.monotonic() + timeout
        while not any("live" in subject for subject, _ in received_mail(config.mail_dir, email)):
            if time.monotonic() > deadline:
                raise TimeoutError("the 'site is live' email did not arrive")
            time.sleep(0.25)
        for subject, _ in received_mail(config.mail_dir, email):
            _out(f"Email to {email}: {subject}")
        verify = (
            client.get(f"{config.url('ledger')}/api/ledger/{tenant}/verify")
            .raise_for_status()
            .json()
        )
        _out(
            f"Ledger for {tenant!r}: {verify['size']} entries, ok={verify['ok']},"
            f" root {verify['root']}"
        )
