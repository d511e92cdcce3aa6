"""Blob storage behind one interface: a local folder (embedded) or any S3 endpoint."""

from __future__ import annotations

import asyncio
import errno
import os
import re
import secrets
import tempfile
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

import aioboto3
from aiobotocore.config import AioConfig
from botocore.exceptions import ClientError

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-/]{0,1023}$")


class BlobNotFoundError(KeyError):
    """No blob under that key."""


def check_key(key: str) -> str:
    """Refuse keys that could escape their prefix."""
    if not _KEY.match(key) or ".." in key.split("/") or "//" in key or key.endswith("/"):
        raise ValueError(f"invalid blob key {key!r}")
    return key


class BlobStore(Protocol):
    """Where file bytes live; keys are `<tenant>/<kind>/<id>/...`. `put_file` stores a
    file's bytes and leaves the file where it was (the store may share it: do not change it
    afterwards)."""

    async def put(self, key: str, data: bytes, content_type: str = ...) -> None: ...
    async def put_file(self, key: str, path: Path, content_type: str = ...) -> None: ...

    async def get(self, key: str) -> bytes: ...
    async def delete(self, key: str) -> None: ...
    async def exists(self, key: str) -> bool: ...
    async def list(self, prefix: str) -> list[str]: ...
    async def ping(self) -> None: ...
    async def close(self) -> None: ...


class LocalBlobStore:
    """A folder; writes are atomic (temp file, fsync, rename)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def _write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    async def put(
        self, key: str, data: bytes, content_type: str = "application/octet-stream"
    ) -> None:
        """Store bytes under key (content type is implied by the key here)."""
        await asyncio.to_thread(self._write, self._path(key), data)

    async def put_file(
        self, key: str, path: Path, content_type: str = "application/octet-stream"
    ) -> None:
        """Store a file under key. On the same file system the file is made durable and
        linked into place, so its bytes are never copied and it stays where it was too;
        elsewhere it is copied as `put` does."""
        await asyncio.to_thread(self._link, path, self._path(key))

    def _link(self, source: Path, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with source.open("rb") as handle:
            os.fsync(handle.fileno())
        temp = path.with_name(f".tmp-{secrets.token_hex(8)}")
        try:
            os.link(source, temp)
        except OSError as error:
            if error.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK):
                raise
            self._write(path, source.read_bytes())
            return
        try:
            os.replace(temp, path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise

    async def get(self, key: str) -> bytes:
        """Read a blob."""
        path = self._path(key)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError as error:
            raise BlobNotFoundError(key) from error

    async def delete(self, key: str) -> None:
        """Delete a blob; missing is fine."""
        self._path(key).unlink(missing_ok=True)

    async def exists(self, key: str) -> bool:
        """True when the blob exists."""
        return self._path(key).is_file()

    async def list(self, prefix: str) -> list[str]:
        """Keys under a prefix."""
        base = self.root / prefix if prefix else self.root

        def walk() -> list[str]:
            if not base.exists():
                return []
            return sorted(
                str(p.relative_to(self.root))
                for p in base.rglob("*")
                if p.is_file() and not p.name.startswith(".tmp-")
            )

        return await asyncio.to_thread(walk)

    async def ping(self) -> None:
        """Raise unless the folder is writable."""
        if not os.access(self.root, os.W_OK):
            raise OSError(f"{self.root} is not writable")

    async def close(self) -> None:
        """Nothing to release."""


class S3BlobStore:
    """An S3 bucket through aioboto3 (AWS, MinIO, moto)."""

    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        region: str = "us-east-1",
        prefix: str = "",
    ) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self._session = aioboto3.Session(
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            region_name=region,
        )
        self._endpoint_url = endpoint_url
        self._stack = AsyncExitStack()
        self._client: Any = None
        self._lock = asyncio.Lock()

    async def _s3(self) -> Any:
        if self._client is None:
            async with self._lock:
                if self._client is None:
                    config = AioConfig(
                        retries={"max_attempts": 3, "mode": "standard"},
                        connect_timeout=3,
                        read_timeout=30,
                        s3={"addressing_style": "path"},
                    )
                    self._client = await self._stack.enter_async_context(
                        self._session.client("s3", endpoint_url=self._endpoint_url, config=config)
                    )
        return self._client

    def _key(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    async def ensure_bucket(self) -> None:
        """Create the bucket if it does not exist (another replica may create it first)."""
        s3 = await self._s3()
        try:
            await s3.head_bucket(Bucket=self.bucket)
        except ClientError:
            try:
                await s3.create_bucket(Bucket=self.bucket)
            except ClientError as error:
                code = error.response.get("Error", {}).get("Code")
                if code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                    raise

    async def put(
        self, key: str, data: bytes, content_type: str = "application/octet-stream"
    ) -> None:
        """Store bytes under key."""
        s3 = await self._s3()
        await s3.put_object(
            Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=content_type
        )

    async def put_file(
        self, key: str, path: Path, content_type: str = "application/octet-stream"
    ) -> None:
        """Store a file's bytes under key."""
        await self.put(key, await asyncio.to_thread(path.read_bytes), content_type)

    async def get(self, key: str) -> bytes:
        """Read a blob."""
        s3 = await self._s3()
        try:
            response = await s3.get_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise BlobNotFoundError(key) from error
            raise
        async with response["Body"] as body:
            data: bytes = await body.read()
        return data

    async def delete(self, key: str) -> None:
        """Delete a blob; missing is fine."""
        s3 = await self._s3()
        await s3.delete_object(Bucket=self.bucket, Key=self._key(key))

    async def exists(self, key: str) -> bool:
        """True when the blob exists."""
        s3 = await self._s3()
        try:
            await s3.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError:
            return False
        return True

    async def list(self, prefix: str) -> list[str]:
        """Keys under a prefix."""
        s3 = await self._s3()
        full = (
            self._key(prefix.rstrip("/")) + "/"
            if prefix
            else (self.prefix + "/" if self.prefix else "")
        )
        keys: list[str] = []
        paginator = s3.get_paginator("list_objects_v2")
        async for page in paginator.paginate(Bucket=self.bucket, Prefix=full):
            for item in page.get("Contents", []):
                key: str = item["Key"]
                keys.append(key[len(self.prefix) + 1 :] if self.prefix else key)
        return sorted(keys)

    async def ping(self) -> None:
        """Raise unless the bucket answers."""
        s3 = await self._s3()
        await s3.head_bucket(Bucket=self.bucket)

    async def close(self) -> None:
        """Close the client."""
        await self._stack.aclose()
        self._client = None


def open_blob_store(
    url: str,
    *,
    endpoint_url: str | None = None,
    access_key_id: str | None = None,
    secret_access_key: str | None = None,
    region: str = "us-east-1",
) -> BlobStore:
    """`file:///path` (or a bare path) → LocalBlobStore; `s3://bucket[/prefix]` → S3BlobStore."""
    parsed = urlparse(url)
    if parsed.scheme == "s3":
        return S3BlobStore(
            parsed.netloc,
            endpoint_url=endpoint_url,
            access_key_id=access_key_id,
            secret_access_key=secret_access_key,
            region=region,
            prefix=parsed.path,
        )
    if parsed.scheme in ("file", ""):
        return LocalBlobStore(Path(parsed.path if parsed.scheme else url))
    raise ValueError(f"unsupported blob url scheme {parsed.scheme!r}")
