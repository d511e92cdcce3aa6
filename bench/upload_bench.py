"""Upload throughput for large briefs: `POST /api/upload` against a raw blob-store put.

The upload path runs in process over ASGI, with its real pieces: the per-tenant rate limit
and the pending-blob row (one transaction, committed while the body arrives), the
streaming multipart reader (the body arrives in 64 KiB chunks, as from a socket), the file
spooled to disk and hashed (SHA-256) as it arrives, type confirmation (Markdown and text
that read as UTF-8 checked in a thread, anything else parsed in the document sandbox's
forked child, which reads the spooled file) beside the blob put, and the commit of
metadata with its outbox row (SQLite, local blob folder). The client's multipart bodies
are built before the clock starts, as the baseline's bytes are. The baseline puts the
same bytes into the same kind of blob store. Both are sequential, one file at a time,
alternating file by file.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx

from hotstack_libs.auth import mint_token
from hotstack_libs.blobs import LocalBlobStore
from hotstack_libs.http import service_of
from hotstack_libs.settings import DEV_AUTH_SECRET
from hotstack_upload.bootstrap import create_app
from hotstack_upload.settings import Settings

from .common import logging_to, report

MIB = 1024 * 1024


def brief(size: int, index: int) -> bytes:
    line = f"## Section {index}\n\nOur shop sells handmade ceramics, mugs and bowls. " * 4 + "\n"
    data = (f"# Brief {index}\n\n" + line * (size // len(line) + 1)).encode()
    return data[:size]


BOUNDARY = "hotstack-bench-boundary"
CHUNK = 64 * 1024


def multipart(index: int, data: bytes) -> bytes:
    """The form a client sends: the prompt, then the file."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="prompt"\r\n\r\n'
        f"A shop for our ceramics\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; "
        f'name="file"; filename="brief-{index}.md"\r\nContent-Type: text/markdown\r\n\r\n'
    )
    return head.encode() + data + f"\r\n--{BOUNDARY}--\r\n".encode()


async def chunks(body: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(body), CHUNK):
        yield body[start : start + CHUNK]


@asynccontextmanager
async def upload_client(folder: Path) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the upload service in process, its document workers all started."""
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{folder / 'upload.db'}",
        nats_url="nats://127.0.0.1:1",  # the bus is not needed to accept an upload
        state_dir=folder,
        environment="test",
        rate_burst=10_000,
        max_upload_bytes=64 * MIB,
    )
    app = create_app(settings, blobs=LocalBlobStore(folder / "upload-blobs"))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://u", timeout=120) as c:
            # Every document worker started (at once: each call takes a free one).
            documents = service_of(app).dependencies.documents
            workers = range(settings.document_workers)
            await asyncio.gather(*(documents.identify("warm.md", b"# warm up") for _ in workers))
            yield c


async def upload_once(client: httpx.AsyncClient, body: bytes) -> float:
    """Seconds to POST one multipart body, in 64 KiB chunks."""
    headers = {
        "Authorization": f"Bearer {mint_token(DEV_AUTH_SECRET, 'bench')}",
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        "Content-Length": str(len(body)),
    }
    started = time.perf_counter()
    response = await client.post("/api/upload", content=chunks(body), headers=headers)
    elapsed = time.perf_counter() - started
    assert response.status_code == 201, response.text
    return elapsed


async def raw_once(store: LocalBlobStore, index: int, data: bytes) -> float:
    """Seconds to put the same bytes into a blob store of the same kind."""
    started = time.perf_counter()
    await store.put(f"bench/uploads/{index}/original", data, "text/markdown")
    return time.perf_counter() - started


async def measure(folder: Path, files: list[bytes]) -> tuple[float, float]:
    """Seconds for all raw puts and for all uploads, alternating file by file (which goes
    first swaps every file) so that both meet the same state of the disk: a put or upload
    leaves dirty pages that the next one's fsync may wait for, and the machine's speed
    drifts."""
    bodies = [multipart(index, data) for index, data in enumerate(files)]
    store = LocalBlobStore(folder / "raw-blobs")
    raw = upload = 0.0
    async with upload_client(folder) as client:
        # One of each first, not counted: the service's first request compiles its
        # statements and starts its threads.
        await raw_once(store, len(files), files[0])
        await upload_once(client, multipart(len(files), files[0]))
        # Both start from a disk with nothing waiting to be written (what earlier benchmarks
        # left would be flushed under whichever side's fsync came first).
        os.sync()
        for index, (data, body) in enumerate(zip(files, bodies, strict=True)):
            if index % 2 == 0:
                raw += await raw_once(store, index, data)
                upload += await upload_once(client, body)
            else:
                upload += await upload_once(client, body)
                raw += await raw_once(store, index, data)
    return raw, upload


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=12)
    parser.add_argument("--size-mib", type=int, default=16)
    parser.add_argument("--out", type=Path, default=Path("bench/results/upload.json"))
    args = parser.parse_args()
    files = [brief(args.size_mib * MIB, i) for i in range(args.files)]
    total_mib = sum(len(f) for f in files) / MIB
    with tempfile.TemporaryDirectory() as folder, logging_to(Path(folder) / "bench.log"):
        raw, upload = await measure(Path(folder), files)
    result: dict[str, Any] = {
        "files": args.files,
        "file_mib": args.size_mib,
        "raw_put_mib_per_s": round(total_mib / raw, 1),
        "upload_mib_per_s": round(total_mib / upload, 1),
        "ratio": round(raw / upload, 3),
    }
    report(
        args.out,
        result,
        ("path", "MiB/s", "÷ raw put"),
        [
            ("raw blob put (local folder, fsync)", f"{total_mib / raw:,.1f}", "1.00"),
            ("POST /api/upload", f"{total_mib / upload:,.1f}", f"{raw / upload:.2f}"),
        ],
    )


if __name__ == "__main__":
    asyncio.run(main())
