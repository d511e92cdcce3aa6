"""Valid events for tests and benchmarks."""

from __future__ import annotations

from datetime import timedelta

from hotstack_contracts import BuildCompleted, Envelope, PaymentRequested, UploadReceived, new_id


def upload_received(
    tenant: str = "acme", upload_id: str | None = None, contact_email: str | None = None
) -> Envelope[UploadReceived]:
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
            contact_email=contact_email,
        ),
        source="hotstack/test",
        tenant=tenant,
        correlation_id=upload_id,
        subject=upload_id,
    )


def build_completed(
    upload: Envelope[UploadReceived], site_name: str = "Site", page_count: int = 1
) -> Envelope[BuildCompleted]:
    """The BuildCompleted that follows `upload`, with a fresh build id."""
    build_id = new_id("bld")
    return upload.caused(
        BuildCompleted(
            build_id=build_id,
            upload_id=upload.data.upload_id,
            site_name=site_name,
            page_count=page_count,
            file_count=page_count + 4,
            artifact_key=f"{upload.tenant}/builds/{build_id}/site.zip",
            artifact_sha256="e" * 64,
            artifact_size_bytes=4096,
            preview_url=f"http://build/preview/{build_id}/",
        ),
        source="hotstack/build",
        subject=build_id,
    )


def payment_requested(
    built: Envelope[BuildCompleted], amount_grains: int = 5900
) -> Envelope[PaymentRequested]:
    """The PaymentRequested that follows `built`, with a fresh payment id and the Care Loop."""
    payment_id = new_id("pay")
    care_loop = (amount_grains * 15 + 50) // 100
    return built.caused(
        PaymentRequested(
            payment_id=payment_id,
            build_id=built.data.build_id,
            upload_id=built.data.upload_id,
            amount_grains=amount_grains,
            care_loop_grains=care_loop,
            total_grains=amount_grains + care_loop,
            checkout_url=f"http://payment/checkout/{payment_id}?sig=test",
            expires_at=built.time + timedelta(days=7),
        ),
        source="hotstack/payment",
        subject=payment_id,
    )
