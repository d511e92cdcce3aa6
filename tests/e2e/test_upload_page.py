"""A person uploads a brief through the web page, in headless Chromium, and watches its
status move through the pipeline to "awaiting_payment"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hotstack_libs.auth import mint_token
from hotstack_libs.settings import DEV_AUTH_SECRET
from hotstack_libs.stack import Stack
from hotstack_libs.testing import documents

pytestmark = pytest.mark.e2e

ARTIFACTS = Path("test-artifacts") / "upload-page"


def test_the_upload_page_takes_a_brief_to_awaiting_payment(
    stack: Stack, chromium: Any, tmp_path: Path
) -> None:
    brief = tmp_path / "lantern-books.docx"
    brief.write_bytes(
        documents.docx(
            [
                "# Lantern Books",
                "An independent bookshop in Hebden Bridge with a café upstairs.",
                "## Events",
                "- Author readings every first Thursday",
                "- Children's story time on Saturdays",
            ],
            footer="hello@lanternbooks.co.uk",
        )
    )
    page = chromium.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(stack.config.url("upload") + "/")
        page.get_by_label("Access token").fill(mint_token(DEV_AUTH_SECRET, "lantern"))
        page.get_by_label("Brief").set_input_files(str(brief))
        page.get_by_label("What site do you want?").fill("A website for our bookshop")
        page.get_by_label("Email for updates (optional)").fill("owner@lanternbooks.co.uk")
        page.get_by_role("button", name="Upload and build").click()

        page.wait_for_url("**/uploads/upl_*", timeout=15_000)
        page.locator('#status[data-status="awaiting_payment"]').wait_for(timeout=90_000)
        assert page.locator("#status").inner_text() == "awaiting payment"
        preview = page.locator("#preview a").get_attribute("href")
        assert preview is not None
        assert "/preview/" in preview
        assert page.locator("#checkout").is_visible()
        timeline = page.locator("#timeline li").all_inner_texts()
        assert any("upload.received" in item for item in timeline)
        assert any("payment.requested" in item for item in timeline)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "status-awaiting-payment.png"), full_page=True)
    finally:
        page.close()
    assert errors == []


def test_the_upload_page_shows_why_a_brief_was_refused(stack: Stack, chromium: Any) -> None:
    page = chromium.new_page()
    try:
        page.goto(stack.config.url("upload") + "/")
        page.get_by_label("Access token").fill(mint_token(DEV_AUTH_SECRET, "refused"))
        page.get_by_label("Brief").set_input_files(
            files=[
                {
                    "name": "brief.docx",
                    "mimeType": "application/zip",
                    "buffer": documents.plain_zip(),
                }
            ]
        )
        page.get_by_label("What site do you want?").fill("A site")
        page.get_by_role("button", name="Upload and build").click()
        alert = page.get_by_role("alert")
        alert.wait_for(timeout=15_000)
        assert "not a Word document" in alert.inner_text()
        assert page.url.endswith("/")
    finally:
        page.close()
