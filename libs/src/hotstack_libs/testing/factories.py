"""Valid events for tests and benchmarks."""

from __future__ import annotations

from hotstack_contracts import Envelope, UploadReceived, new_id


def upload_received(tenant: str = "acme", upload_id: str | None = None) -> Envelope[UploadReceived]:
    """An UploadReceived envelope for `tenant`, with fresh ids."""
    upload_id = upload_id or new_id("upl")
    return Envelope.new(
        UploadReceived(
            upload_id=upload_id,
            file_id=new_id("file"),
            filename="brief.md",
            content_type="text/markdown",
            size_bytes=1234,
            sha256="d" * 64,
            blob_key=f"{tenant}/uploads/{upload_id}/original",
            prompt="Build me a pet adoption site — with ünïcode",
        ),
        source="hotstack/test",
        tenant=tenant,
        correlation_id=upload_id,
        subject=upload_id,
    )
