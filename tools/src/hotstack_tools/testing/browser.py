"""Headless Chromium for tests: Debian's `chromium` driven by Playwright.

`make install` (scripts/bootstrap.sh) installs the browser where apt is available. Without
it these tests skip with the reason, except under CI, where a missing browser fails them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """The browser binary (HOTSTACK_CHROMIUM overrides the search)."""
    override = os.environ.get("HOTSTACK_CHROMIUM")
    if override:
        return override if Path(override).exists() else None
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """A launched headless Chromium (a Playwright `Browser`)."""
    path = chromium_path()
    if path is None:
        reason = "Chromium is not installed (make install adds Debian's chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
