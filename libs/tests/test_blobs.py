"""One blob interface, two real backends: a local folder and an S3 HTTP endpoint."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from hotstack_contracts import new_id
from hotstack_libs.blobs import BlobNotFoundError, BlobStore, LocalBlobStore, S3BlobStore

pytestmark = pytest.mark.integration


@pytest.fixture(params=["local", "s3"])
async def blobs(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[BlobStore]:
    store: BlobStore
    if request.param == "local":
        store = LocalBlobStore(tmp_path / "blobs")
    else:
        endpoint = request.getfixturevalue("s3_endpoint")
        s3 = S3BlobStore(new_id("bkt").replace("_", "-")[:40], endpoint_url=endpoint)
        await s3.ensure_bucket()
        store = s3
    yield store
    await store.close()


async def test_put_get_list_delete(blobs: BlobStore) -> None:
    await blobs.put("acme/uploads/u1/original", b"hello", "text/plain")
    await blobs.put("acme/uploads/u2/original", b"world", "text/plain")
    await blobs.put("other/uploads/u3/original", b"!", "text/plain")
    assert await blobs.get("acme/uploads/u1/original") == b"hello"
    assert await blobs.exists("acme/uploads/u2/original")
    assert await blobs.list("acme") == ["acme/uploads/u1/original", "acme/uploads/u2/original"]
    await blobs.delete("acme/uploads/u1/original")
    assert not await blobs.exists("acme/uploads/u1/original")
    with pytest.raises(BlobNotFoundError):
        await blobs.get("acme/uploads/u1/original")
    await blobs.ping()


@pytest.mark.parametrize(
    "key", ["../escape", "acme/../../etc/passwd", "/absolute", "acme//double", "acme/", ""]
)
async def test_keys_that_could_escape_their_prefix_are_refused(blobs: BlobStore, key: str) -> None:
    with pytest.raises(ValueError, match="invalid blob key"):
        await blobs.put(key, b"x")


async def test_a_file_is_stored_by_its_path_and_left_where_it_was(
    blobs: BlobStore, tmp_path: Path
) -> None:
    source = tmp_path / "spooled"
    source.write_bytes(b"brief bytes")
    await blobs.put_file("acme/uploads/u1/original", source, "text/markdown")
    assert await blobs.get("acme/uploads/u1/original") == b"brief bytes"
    assert source.read_bytes() == b"brief bytes"
    source.unlink()  # the caller's copy goes; the stored one stays
    assert await blobs.get("acme/uploads/u1/original") == b"brief bytes"


async def test_local_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path)
    await store.put("t/a/b", b"data")
    source = tmp_path / "source"
    source.write_bytes(b"file")
    await store.put_file("t/a/c", source)
    assert sorted(p.name for p in (tmp_path / "t" / "a").iterdir()) == ["b", "c"]
