"""A brief's own pictures on its site: a DOCX with photos, an HTML page with inline images
and a PDF flyer become sites that show every photo, upright, in responsive sizes (WebP in
several widths, a JPEG for the rest, width and height set, lazy below the fold), with
nothing of the camera's metadata left in any published file."""

from __future__ import annotations

import asyncio
import io
import re
import threading
from collections.abc import Iterator
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from hotstack_tools.testing import documents as samples
from tests.corpus import PICTURES
from tests.sites.conftest import _Quiet, render_briefs

pytestmark = pytest.mark.integration

PICTURE_INFO_JS = """() => [...document.querySelectorAll("picture")].map(p => {
  const img = p.querySelector("img"), source = p.querySelector("source");
  return {src: img.currentSrc, complete: img.complete, natural: img.naturalWidth,
          width: img.getAttribute("width"), height: img.getAttribute("height"),
          loading: img.getAttribute("loading"), alt: img.getAttribute("alt"),
          type: source.type, srcset: source.srcset, sizes: source.sizes};
})"""


@pytest.fixture(scope="module")
def picture_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("picture-sites")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    asyncio.run(render_briefs(PICTURES, root, base))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base, root
    finally:
        server.shutdown()
        server.server_close()


def test_every_photo_of_the_brief_is_published_without_its_metadata(
    picture_sites: tuple[str, Path],
) -> None:
    _, root = picture_sites
    for brief in PICTURES:
        site = root / brief.id
        html = "".join(p.read_text() for p in site.glob("*.html"))
        assert html.count("<picture") == len(brief.photos), brief.id
        files = sorted((site / "images").iterdir())
        # Every photo in up to three WebP widths and one JPEG fallback.
        assert sum(f.suffix == ".jpeg" for f in files) == len(brief.photos)
        assert len(brief.photos) * 3 <= len(files) <= len(brief.photos) * 4
        for file in files:
            data = file.read_bytes()
            assert not any(mark in data for mark in samples.SECRET_MARKS), file.name
            image = Image.open(io.BytesIO(data))
            assert not image.getexif(), file.name
            assert "icc_profile" not in image.info, file.name
            assert f"images/{file.name} " in html or f'images/{file.name}"' in html


def test_pictures_are_served_in_responsive_sizes_and_load(
    picture_sites: tuple[str, Path], chromium: Any
) -> None:
    base, _ = picture_sites
    problems: list[str] = []
    for brief in PICTURES:
        for width in (1280, 375):
            context = chromium.new_context(viewport={"width": width, "height": 800})
            page = context.new_page()
            failed: list[str] = []
            page.on("requestfailed", lambda r, f=failed: f.append(r.url))
            page.goto(f"{base}/{brief.id}/index.html", wait_until="load")
            # Scroll through the page so that every lazy picture is fetched.
            height = page.evaluate("document.documentElement.scrollHeight")
            for y in range(0, height + 800, 600):
                page.evaluate(f"window.scrollTo(0, {y})")
                page.wait_for_timeout(50)
            page.wait_for_load_state("networkidle")
            pictures = page.evaluate(PICTURE_INFO_JS)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            context.close()
            where = f"{brief.id}@{width}"
            if failed:
                problems.append(f"{where}: failed {failed}")
            if overflow > 0:
                problems.append(f"{where}: {overflow}px of horizontal overflow")
            for n, info in enumerate(pictures):
                candidates = re.findall(r"(\S+\.webp) (\d+)w", info["srcset"])
                if info["type"] != "image/webp" or len(candidates) < 2:
                    problems.append(f"{where} #{n}: srcset {info['srcset']!r}")
                if not (info["complete"] and info["natural"] > 0):
                    problems.append(f"{where} #{n}: not loaded ({info['src']})")
                if not info["src"].endswith(".webp"):
                    problems.append(f"{where} #{n}: the browser did not choose WebP")
                if not (info["width"] and info["height"]):
                    problems.append(f"{where} #{n}: no width and height")
                hero = n == 0 and brief.id == "lucia-fotografia"
                if info["loading"] != (None if hero else "lazy"):
                    problems.append(f"{where} #{n}: loading={info['loading']}")
                # A phone does not download a file made for a desktop screen.
                chosen = dict(candidates).get("images/" + info["src"].rsplit("/", 1)[-1])
                if chosen is None:
                    problems.append(f"{where} #{n}: {info['src']} is not in the srcset")
                elif width == 375 and int(chosen) > 480:
                    problems.append(f"{where} #{n}: the phone fetched the {chosen} px file")
    assert problems == []


def test_the_photographer_s_first_photo_opens_the_site_and_the_rest_are_a_gallery(
    picture_sites: tuple[str, Path],
) -> None:
    _, root = picture_sites
    html = (root / "lucia-fotografia" / "index.html").read_text()
    hero = html.split('<section class="hero')[1].split("</section>")[0]
    assert '<picture class="hero-art hero-photo">' in hero
    assert 'loading="lazy"' not in hero  # above the fold: fetched at once
    assert "art.svg" not in hero
    gallery = html.split("block-gallery")[1].split("</section>")[0]
    assert gallery.count("<picture") == 3
    assert "Boda en la Masia Can Riera" in gallery  # its description, as the caption
