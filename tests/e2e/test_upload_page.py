"""A person uploads a brief through the web page, in headless Chromium, watches its status
move through the pipeline to "awaiting_payment", pays on the checkout page the status page
links to (a declined card first, then one that works, on the same link), and sees the site
published."""

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
CONTRAST_JS = (Path(__file__).parents[1] / "sites" / "contrast.js").read_text()


def test_the_upload_page_takes_a_brief_to_a_paid_published_site(
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

        with page.expect_popup() as opened:
            page.get_by_role("link", name="Pay and publish").click()
        checkout = opened.value
        checkout.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        checkout.on("pageerror", lambda e: errors.append(str(e)))
        checkout.wait_for_load_state()
        assert checkout.get_by_role("heading", level=1).inner_text() == "Pay and publish"
        assert checkout.get_by_role("link", name="see the preview").get_attribute("href") == preview
        total = checkout.locator("#total").inner_text()
        assert total.startswith("$")
        checkout.screenshot(path=str(ARTIFACTS / "checkout.png"), full_page=True)
        assert checkout.evaluate(CONTRAST_JS, 4.5) == []
        checkout.set_viewport_size({"width": 375, "height": 740})
        overflow = checkout.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        checkout.screenshot(path=str(ARTIFACTS / "checkout-375.png"), full_page=True)
        # A declined card first: the page says why and takes another card on the same link.
        checkout.get_by_label("Card number").fill("4000 0000 0000 0002")
        checkout.get_by_role("button", name=f"Pay {total}").click()
        checkout.get_by_text(
            "Your card was declined. Nothing was charged: try another card."
        ).wait_for(timeout=15_000)
        assert checkout.get_by_role("heading", level=1).inner_text() == "Pay and publish"
        checkout.screenshot(path=str(ARTIFACTS / "checkout-declined.png"), full_page=True)
        checkout.get_by_label("Card number").fill("4242 4242 4242 4242")
        checkout.get_by_role("button", name=f"Pay {total}").click()
        checkout.get_by_role("heading", name="Payment received").wait_for(timeout=15_000)
        checkout.screenshot(path=str(ARTIFACTS / "checkout-paid.png"), full_page=True)

        page.locator('#status[data-status="published"]').wait_for(timeout=60_000)
        site = page.locator("#site a").get_attribute("href")
        assert site is not None
        assert "/sites/" in site
    finally:
        page.context.close()
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
