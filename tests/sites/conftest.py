"""Every design rendered from the brief corpus (one brief per archetype) and served over
HTTP from a folder, for the browser and validator tests."""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from hotstack_build.domain.render import RenderedFile, render_site
from hotstack_contracts import Rendition
from hotstack_contracts.document import Document
from hotstack_intent.domain.extract import extract
from hotstack_intent.domain.pictures import with_pictures
from hotstack_libs.documents import Brief as BriefFile
from hotstack_libs.documents import Sandbox
from tests.corpus import CORPUS
from tests.corpus.briefs import Brief

# The first brief of each archetype, or the first with photos where the archetype has one:
# every design is seen with the brief's own pictures where the corpus has some.
ONE_PER_ARCHETYPE = list(
    {
        brief.site_type: brief
        for brief in sorted(reversed(CORPUS), key=lambda brief: bool(brief.photos))
    }.values()
)


async def prepared_pictures(
    box: Sandbox, brief: BriefFile
) -> tuple[dict[str, list[Rendition]], dict[str, bytes]]:
    """The brief's pictures as the intent service prepares them (in the sandbox) and the
    files it stores, keyed as the build reads them."""
    renditions: dict[str, list[Rendition]] = {}
    stored: dict[str, bytes] = {}
    for ref, data in brief.pictures:
        picture = await box.prepare_picture(ref, data)
        renditions[ref] = []
        for file in picture.files:
            digest = hashlib.sha256(file.data).hexdigest()[:32]
            key = f"t/uploads/u/pictures/{digest}.{file.media_type.removeprefix('image/')}"
            stored[key] = file.data
            renditions[ref].append(
                Rendition(key=key, media_type=file.media_type, width=file.width, height=file.height)
            )
    return renditions, stored


_READ: dict[str, tuple[Document, dict[str, list[Rendition]], dict[str, bytes]]] = {}


async def render_briefs(
    briefs: list[Brief], root: Path, site_url: str
) -> dict[str, list[RenderedFile]]:
    """Each brief read in the sandbox, understood, rendered with its pictures and written
    under root/<id>/."""
    box = Sandbox()
    sites: dict[str, list[RenderedFile]] = {}
    try:
        for brief in briefs:
            if brief.id not in _READ:  # each brief is read once per run, whichever test asks
                data = brief.data()
                identified = await box.identify(brief.filename, data)
                read = await box.read_brief(identified.kind, data)
                _READ[brief.id] = (read.document, *await prepared_pictures(box, read))
            document, renditions, stored = _READ[brief.id]
            intent, spec = extract(document, brief.prompt)
            files = render_site(
                intent,
                with_pictures(spec, renditions),
                site_url=f"{site_url}/{brief.id}/",
                pictures=stored,
            )
            for file in files:
                target = root / brief.id / file.path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(file.content)
            sites[brief.id] = files
    finally:
        await box.close()
    return sites


async def _render_all(root: Path, site_url: str) -> dict[str, list[str]]:
    sites = await render_briefs(ONE_PER_ARCHETYPE, root, site_url)
    return {
        site: [f.path for f in files if f.path.endswith(".html")] for site, files in sites.items()
    }


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def rendered_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Any]]:
    """(base URL, folder, {brief id: [html paths]}) for one site per archetype."""
    root = tmp_path_factory.mktemp("sites")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages = asyncio.run(_render_all(root, base))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base, root, pages
    finally:
        server.shutdown()
        server.server_close()
