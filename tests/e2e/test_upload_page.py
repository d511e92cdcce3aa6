"""A new customer, in headless Chromium, signs in with the link emailed to them (no token
anywhere), uploads a brief through the web page, watches its status move through the
pipeline to "awaiting_payment", pays on the checkout page the status page links to (a
declined card first, then one that works, on the same link), and sees the site published
and listed with their websites."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from hotstack_libs.auth import SESSION_COOKIE, mint_token
from hotstack_libs.settings import DEV_AUTH_SECRET
from hotstack_tools.demo import received_mail
from hotstack_tools.stack import Stack
from hotstack_tools.testing import documents

from .conftest import wait_until

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
    # Answers the page expects are not errors: "who am I?" before signing in (401), and
    # the spent link opened again (410).
    expected = re.compile(r"/api/me$|/sign-in/[^/]+$")

    def console(message: Any) -> None:
        if message.type == "error" and not expected.search(message.location.get("url", "")):
            errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    owner = f"owner-{uuid.uuid4().hex[:6]}@lanternbooks.co.uk"
    try:
        page.goto(stack.config.url("upload") + "/")
        page.get_by_label("Your email").fill(owner)
        page.get_by_role("button", name="Email me a sign-in link").click()
        page.get_by_text(f"Check your inbox: we sent a sign-in link to {owner}.").wait_for()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "sign-in.png"), full_page=True)
        wait_until(lambda: bool(received_mail(stack.config.mail_dir, owner)), what="the link")
        [(subject, text)] = received_mail(stack.config.mail_dir, owner)
        assert subject == "Your HotStack sign-in link"
        found = re.search(r"(http://\S+/sign-in/\S+)", text)
        assert found is not None
        page.goto(found.group(1))
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(stack.config.url("upload") + "/")
        page.get_by_text(owner).wait_for()
        assert page.get_by_label("Email for updates (optional)").input_value() == owner
        page.get_by_label("Brief").set_input_files(str(brief))
        page.get_by_label("What site do you want?").fill("A website for our bookshop")
        assert "token" not in page.content().lower()  # a person never sees one
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
        assert page.locator("#changes").is_visible()  # the owner can ask for changes
        # What the site's forms received, on the build service, with the same session.
        csv_url = page.locator("#submissions a").get_attribute("href")
        assert csv_url is not None
        export = page.request.get(csv_url)
        assert export.status == 200
        assert export.text().startswith("submission_id,submitted_at,form")
        page.screenshot(path=str(ARTIFACTS / "status-published.png"), full_page=True)
        page.goto(stack.config.url("upload") + "/")
        listed = page.locator("#uploads li").first
        listed.get_by_role("link", name="site", exact=True).wait_for()
        assert listed.get_by_role("link", name="site", exact=True).get_attribute("href") == site
        assert "published" in listed.inner_text()
        page.screenshot(path=str(ARTIFACTS / "home-signed-in.png"), full_page=True)
        # A link works once.
        page.goto(found.group(1))
        assert (
            page.get_by_role("heading", level=1)
            .inner_text()
            .startswith("That sign-in link was used already")
        )
    finally:
        page.context.close()
    assert errors == []


def test_the_upload_page_shows_why_a_brief_was_refused(stack: Stack, chromium: Any) -> None:
    context = chromium.new_context()
    session = mint_token(DEV_AUTH_SECRET, "refused", email="someone@example.com")
    context.add_cookies(
        [{"name": SESSION_COOKIE, "value": session, "url": stack.config.url("upload")}]
    )
    page = context.new_page()
    try:
        page.goto(stack.config.url("upload") + "/")
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
        context.close()
