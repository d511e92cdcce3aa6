"""SeaweedFS from its wheel is a real S3 for the blob store: what is put survives a crash."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from hotstack_libs.blobs import S3BlobStore
from hotstack_tools.processes import SeaweedS3

pytestmark = pytest.mark.integration


async def ready(blobs: S3BlobStore, within: float = 60.0) -> None:
    """The bucket exists, once the gateway has a volume server to write to."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        try:
            await blobs.ensure_bucket()
            await blobs.put("probe/ready", b"")
            return
        except Exception:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.5)


async def read_back(blobs: S3BlobStore, key: str, within: float = 30.0) -> bytes:
    """A blob's bytes once the restarted server serves its volume again: for a moment after
    a restart the gateway may answer 500 for what it stored before (a blob that was lost
    would be 404, which is not waited for)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        try:
            return await blobs.get(key)
        except ClientError as error:
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if status < 500 or asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.5)


def store(seaweed: SeaweedS3, secret: str | None = None) -> S3BlobStore:
    return S3BlobStore(
        "hotstack",
        endpoint_url=seaweed.endpoint,
        access_key_id=seaweed.access_key,
        secret_access_key=secret or seaweed.secret_key,
    )


async def test_blobs_put_in_seaweedfs_are_read_back_after_it_is_killed_and_restarted(
    tmp_path: Path,
) -> None:
    seaweed = SeaweedS3(tmp_path / "seaweed")
    seaweed.start(log_file=tmp_path / "weed.log")
    try:
        blobs = store(seaweed)
        await ready(blobs)
        intruder = store(seaweed, secret="not-the-secret")  # its identity is enforced
        with pytest.raises(ClientError):
            await intruder.put("acme/uploads/u0/original", b"no")
        await intruder.close()
        brief = tmp_path / "brief.md"
        brief.write_bytes(b"# Pottery\n" * 10_000)
        await blobs.put("acme/uploads/u1/original", b"hello", "text/plain")
        await blobs.put_file("acme/uploads/u2/original", brief, "text/markdown")
        assert await blobs.list("acme/") == [
            "acme/uploads/u1/original",
            "acme/uploads/u2/original",
        ]
        await blobs.close()

        seaweed.kill()
        seaweed.start(log_file=tmp_path / "weed.log")
        blobs = store(seaweed)
        await ready(blobs)
        assert await read_back(blobs, "acme/uploads/u1/original") == b"hello"
        assert await read_back(blobs, "acme/uploads/u2/original") == brief.read_bytes()
        await blobs.delete("acme/uploads/u1/original")
        assert not await blobs.exists("acme/uploads/u1/original")
        await blobs.close()
    finally:
        seaweed.stop()
