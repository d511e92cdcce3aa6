"""The multipart reader spools file parts to disk, hashed, and removes what it spooled."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI, Request

from hotstack_libs.http.forms import read_form, sweep_spool

pytestmark = pytest.mark.unit

BOUNDARY = "formboundary"


def app_reading_into(spool: Path, seen: list[dict[str, object]]) -> FastAPI:
    app = FastAPI()

    @app.post("/form")
    async def form(request: Request) -> dict[str, object]:
        async with read_form(request, max_file_bytes=4 * 1024 * 1024, spool_dir=spool) as read:
            file = read.files["file"]
            answer: dict[str, object] = {
                "fields": read.fields,
                "name": file.filename,
                "type": file.content_type,
                "size": file.size,
                "sha256": file.sha256,
                "matches": file.read_bytes() == b"".join(BODY_PARTS),
                "spooled_in": str(file.path.parent),
            }
        seen.append(answer)
        return answer

    return app


BODY_PARTS = [os.urandom(700_000) for _ in range(4)]  # several writes, across chunk edges


async def body() -> AsyncIterator[bytes]:
    yield (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nsite\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="b.md"\r\n'
        "Content-Type: text/markdown\r\n\r\n"
    ).encode()
    whole = b"".join(BODY_PARTS)
    for start in range(0, len(whole), 65_536):
        yield whole[start : start + 65_536]
    yield f"\r\n--{BOUNDARY}--\r\n".encode()


async def test_a_file_part_streams_to_disk_hashed_and_is_gone_after_the_request(
    tmp_path: Path,
) -> None:
    seen: list[dict[str, object]] = []
    transport = httpx.ASGITransport(app=app_reading_into(tmp_path / "spool", seen))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.post(
            "/form",
            content=body(),
            headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
        )
    assert response.status_code == 200, response.text
    whole = b"".join(BODY_PARTS)
    assert response.json() == {
        "fields": {"prompt": "site"},
        "name": "b.md",
        "type": "text/markdown",
        "size": len(whole),
        "sha256": hashlib.sha256(whole).hexdigest(),
        "matches": True,
        "spooled_in": str(tmp_path / "spool"),
    }
    assert list((tmp_path / "spool").iterdir()) == []


def test_spooled_files_left_by_a_dead_process_are_swept_once_old(tmp_path: Path) -> None:
    old, new, other = tmp_path / ".upload-old", tmp_path / ".upload-new", tmp_path / "keep"
    for path in (old, new, other):
        path.write_bytes(b"x")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    os.utime(other, (an_hour_ago, an_hour_ago))
    assert sweep_spool(tmp_path, older_than_seconds=600) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [".upload-new", "keep"]
    assert sweep_spool(tmp_path / "missing", older_than_seconds=600) == 0
