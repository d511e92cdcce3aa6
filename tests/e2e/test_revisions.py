"""An owner changes a site without starting over, through the whole stack: a revision
before payment changes the preview and the quote; after payment it republishes at the
same address with no second full charge; a rollback restores the first site byte for
byte; taking the site down answers 410."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import httpx
import pytest

from hotstack_build.domain.forms import as_stored
from hotstack_tools.stack import Stack

from .conftest import Tenant, types

pytestmark = pytest.mark.e2e


def revise(tenant: Tenant, upload_id: str, prompt: str, key: str) -> dict[str, Any]:
    response = tenant.http.post(
        tenant.url("upload", f"/api/uploads/{upload_id}/revisions"),
        files={"prompt": (None, prompt)},
        headers={"Idempotency-Key": key},
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def served(site_url: str, files: list[dict[str, Any]]) -> dict[str, str]:
    """The SHA-256 of every file the site's address serves now, as stored: a page with a
    form is served with a fresh form token in it, put back to its slot here."""
    hashes = {}
    for f in files:
        if f["path"] in ("404.html", "410.html"):
            continue
        body = as_stored(httpx.get(site_url + f["path"]).content)
        hashes[f["path"]] = hashlib.sha256(body).hexdigest()
    return hashes


def test_an_owner_revises_before_and_after_payment_rolls_back_and_takes_the_site_down(
    stack: Stack,
) -> None:
    tenant = Tenant(stack, f"rev-{uuid.uuid4().hex[:8]}")
    created = tenant.upload(f"owner-{uuid.uuid4().hex[:6]}@example.com")
    upload_id = created["upload_id"]
    first = tenant.wait_for(upload_id, lambda b: b["status"] == "awaiting_payment")
    payment_url = tenant.url("payment", f"/api/payments/{first['payment_id']}")
    quoted = tenant.http.get(payment_url).json()

    # Before payment: a page of its own for donations. A new preview, a new quote, the
    # same payment and checkout link.
    revise(tenant, upload_id, "Put donations on their own page.", f"rev1-{upload_id}")
    second = tenant.wait_for(
        upload_id,
        lambda b: b["status"] == "awaiting_payment" and b["preview_url"] != first["preview_url"],
    )
    assert "hotstack.upload.revised.v1" in types(second)
    assert httpx.get(second["preview_url"] + "donations.html").status_code == 200
    requoted = tenant.http.get(payment_url).json()
    assert second["payment_id"] == first["payment_id"]
    assert second["checkout_url"] == first["checkout_url"]
    assert requoted["total_grains"] > quoted["total_grains"]  # one more page
    assert requoted["build_id"] != quoted["build_id"]

    assert tenant.pay(first["payment_id"], key=f"pay-{upload_id}").status_code == 200
    published = tenant.wait_for(upload_id, lambda b: b["status"] == "published")
    site_url = published["site_url"]
    paid_build = requoted["build_id"]
    files = tenant.http.get(tenant.url("build", f"/api/builds/{paid_build}/files")).json()
    before = served(site_url, files)
    assert before == {f["path"]: f["sha256"] for f in files if f["path"] in before}

    # After payment: new colours only. Republished at the same address, charged nothing.
    revise(tenant, upload_id, "Use navy blue as the main colour.", f"rev2-{upload_id}")
    republished = tenant.wait_for(
        upload_id,
        lambda b: b["status"] == "published" and types(b).count("hotstack.site.published.v1") == 2,
    )
    assert republished["site_url"] == site_url
    slug = site_url.rstrip("/").rsplit("/", 1)[-1]
    site = tenant.http.get(tenant.url("build", f"/api/sites/{slug}")).json()
    live = site["live_build_id"]
    assert live != paid_build
    assert (
        httpx.get(site_url + "styles.css").text
        != httpx.get(f"{stack.config.url('build')}/preview/{paid_build}/styles.css").text
    )
    settled = [
        item for item in republished["timeline"] if item["type"] == "hotstack.payment.settled.v1"
    ]
    assert len(settled) == 2
    revision_payment = republished["payment_id"]
    assert revision_payment != first["payment_id"]
    free = tenant.http.get(tenant.url("payment", f"/api/payments/{revision_payment}")).json()
    assert (free["status"], free["total_grains"]) == ("succeeded", 0)

    # Rollback: the site paid for first, byte for byte.
    back = tenant.http.post(
        tenant.url("build", f"/api/sites/{slug}/rollback"), json={"build_id": paid_build}
    )
    assert back.status_code == 200, back.text
    assert served(site_url, files) == before

    down = tenant.http.post(tenant.url("build", f"/api/builds/{live}/unpublish"))
    assert down.status_code == 200
    assert httpx.get(site_url).status_code == 410
