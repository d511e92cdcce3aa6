"""Build commands: render a spec into a previewable artifact; publish it once paid."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import structlog

from hotstack_contracts import (
    BuildCompleted,
    BuildFailed,
    BuildStarted,
    Envelope,
    IntentExtracted,
    IntentExtractedV1,
    PaymentSettled,
    SitePublished,
)
from hotstack_libs.blobs import BlobNotFoundError, BlobStore
from hotstack_libs.bus import Transaction
from hotstack_libs.timeutil import utcnow

from . import store
from .domain.package import deterministic_zip
from .domain.render import RenderError, hosted_forms, picture_keys, render_site
from .domain.slugs import candidates

SOURCE = "hotstack/build"
log = structlog.get_logger()
T = TypeVar("T")


def site_url(public_url: str, slug: str) -> str:
    """Where a published site lives."""
    return f"{public_url}/sites/{slug}/"


def build_id_for(event_id: str) -> str:
    """One build per IntentExtracted: a retried delivery rebuilds into the same id and keys."""
    return "bld_" + hashlib.sha256(event_id.encode()).hexdigest()[:32]


def intent_of(envelope: Envelope[IntentExtracted] | Envelope[IntentExtractedV1]) -> IntentExtracted:
    """The intent an event carries, as v2: a v1 event (still published by some producers)
    is upcast."""
    data = envelope.data
    return data.upcast() if isinstance(data, IntentExtractedV1) else data


class Steps:
    """Records the steps of one build with their durations."""

    def __init__(self, build_id: str) -> None:
        self.build_id = build_id
        self.rows: list[store.BuildStep] = []

    async def run(self, name: str, work: Callable[[], Awaitable[T]]) -> T:
        """Run one step and record it (failed steps too)."""
        started = time.perf_counter()
        try:
            result = await work()
        except Exception as error:
            self._record(name, "failed", started, str(error))
            raise
        self._record(name, "succeeded", started, None)
        return result

    def _record(self, name: str, status: str, started: float, detail: str | None) -> None:
        self.rows.append(
            store.BuildStep(
                build_id=self.build_id,
                position=len(self.rows) + 1,
                name=name,
                status=status,
                duration_ms=int((time.perf_counter() - started) * 1000),
                detail=detail,
            )
        )


class Builder:
    """Renders, stores and publishes sites."""

    def __init__(self, blobs: BlobStore, public_url: str) -> None:
        self.blobs = blobs
        self.public_url = public_url

    def preview_url(self, build_id: str) -> str:
        """Where a build is previewed."""
        return f"{self.public_url}/preview/{build_id}/"

    def site_url(self, slug: str) -> str:
        """Where a published site lives."""
        return site_url(self.public_url, slug)

    async def _slug_for(self, tx: Transaction, name: str, upload_id: str) -> tuple[str, bool]:
        """The address of the upload's site, and whether it is new: a revision builds for
        the address its first build reserved; a first build takes the first free one."""
        site = await store.site_of_upload(tx.session, upload_id)
        if site is not None:
            return site.slug, False
        for slug in candidates(name):
            if await store.find_site(tx.session, slug) is None:
                return slug, True
        raise RenderError("no free slug for this site name")

    async def _pictures(self, tenant: str, keys: set[str]) -> dict[str, bytes]:
        """The files of the spec's pictures, read from the tenant's own uploads only; a
        file that is not there leaves its picture out of the site (logged), not the build
        failed."""
        found: dict[str, bytes] = {}
        for key in sorted(keys):
            if not key.startswith(f"{tenant}/uploads/"):
                log.warning("build.picture_refused", key=key, reason="not the tenant's upload")
                continue
            try:
                found[key] = await self.blobs.get(key)
            except BlobNotFoundError:
                log.warning("build.picture_missing", key=key)
        return found

    async def on_intent_extracted(
        self, envelope: Envelope[IntentExtracted] | Envelope[IntentExtractedV1], tx: Transaction
    ) -> None:
        """Render the spec, store files and a zip, and open the preview."""
        event = intent_of(envelope)
        build_id = build_id_for(envelope.id)
        tenant = envelope.tenant
        tx.emit(
            envelope.caused(
                BuildStarted(
                    build_id=build_id, upload_id=event.upload_id, intent_id=event.intent_id
                ),
                source=SOURCE,
                subject=build_id,
            )
        )
        build = store.Build(
            id=build_id,
            tenant_id=tenant,
            upload_id=event.upload_id,
            intent_id=event.intent_id,
            status="building",
            site_name=event.intent.business_name,
        )
        steps = Steps(build_id)
        try:
            slug, new_site = await self._slug_for(tx, event.intent.business_name, event.upload_id)

            async def fetch() -> dict[str, bytes]:
                return await self._pictures(tenant, picture_keys(event.spec))

            pictures = await steps.run("pictures", fetch)

            async def render() -> list[Any]:
                return render_site(
                    event.intent,
                    event.spec,
                    site_url=self.site_url(slug),
                    pictures=pictures,
                )

            rendered = await steps.run("render", render)

            async def package() -> bytes:
                return deterministic_zip({f.path: f.content for f in rendered})

            artifact = await steps.run("package", package)
        except RenderError as error:
            build.status = "failed"
            build.error = str(error)
            tx.session.add(build)
            await tx.session.flush()
            tx.session.add_all(steps.rows)
            tx.emit(
                envelope.caused(
                    BuildFailed(build_id=build_id, upload_id=event.upload_id, reason=str(error)),
                    source=SOURCE,
                    subject=build_id,
                )
            )
            return

        prefix = f"{tenant}/builds/{build_id}"
        artifact_key = f"{prefix}/site.zip"

        async def upload() -> None:
            for file in rendered:
                await self.blobs.put(f"{prefix}/site/{file.path}", file.content, file.content_type)
            await self.blobs.put(artifact_key, artifact, "application/zip")

        await steps.run("store", upload)  # storage errors propagate: the event is retried
        artifact_sha256 = hashlib.sha256(artifact).hexdigest()
        build.status = "completed"
        build.slug = slug
        build.artifact_key = artifact_key
        build.artifact_sha256 = artifact_sha256
        build.artifact_size_bytes = len(artifact)
        build.language = event.spec.language
        build.site_email = event.intent.contact.email
        build.forms = {form.key: form.dump() for form in hosted_forms(event.spec).values()}
        if new_site:  # two first builds racing for one address: one commits, one retries
            tx.session.add(store.Site(slug=slug, tenant_id=tenant, upload_id=event.upload_id))
        tx.session.add(build)
        await tx.session.flush()
        tx.session.add_all(steps.rows)
        tx.session.add_all(
            store.GeneratedFile(
                build_id=build_id,
                path=file.path,
                sha256=hashlib.sha256(file.content).hexdigest(),
                size_bytes=len(file.content),
                content_type=file.content_type,
                blob_key=f"{prefix}/site/{file.path}",
            )
            for file in rendered
        )
        tx.emit(
            envelope.caused(
                BuildCompleted(
                    build_id=build_id,
                    upload_id=event.upload_id,
                    site_name=event.intent.business_name,
                    page_count=len(event.spec.pages),
                    file_count=len(rendered),
                    artifact_key=artifact_key,
                    artifact_sha256=artifact_sha256,
                    artifact_size_bytes=len(artifact),
                    preview_url=self.preview_url(build_id),
                ),
                source=SOURCE,
                subject=build_id,
            )
        )

    async def on_build_given_up(
        self,
        envelope: Envelope[IntentExtracted] | Envelope[IntentExtractedV1],
        reason: str,
        tx: Transaction,
    ) -> None:
        """Every delivery failed (storage down, say): record the build as failed, so the
        tenant hears why instead of waiting for a preview that never comes."""
        event = intent_of(envelope)
        build_id = build_id_for(envelope.id)
        if await store.find_build(tx.session, build_id) is not None:
            return  # it did get built (or failed) after all
        message = f"the site could not be built: {reason}"
        tx.session.add(
            store.Build(
                id=build_id,
                tenant_id=envelope.tenant,
                upload_id=event.upload_id,
                intent_id=event.intent_id,
                status="failed",
                site_name=event.intent.business_name,
                error=message,
            )
        )
        tx.emit(
            envelope.caused(
                BuildFailed(build_id=build_id, upload_id=event.upload_id, reason=message),
                source=SOURCE,
                subject=build_id,
            )
        )

    async def on_payment_settled(self, envelope: Envelope[PaymentSettled], tx: Transaction) -> None:
        """Publish the paid build at its site's address, once: a first build opens the
        site, a revision's build replaces the live one."""
        event = envelope.data
        build = await store.find_build(tx.session, event.build_id)
        if build is None or build.tenant_id != envelope.tenant or build.slug is None:
            return  # not a build of ours: nothing to publish
        if build.published_at is not None:
            return
        site = await store.lock_site(tx.session, build.slug)
        assert site is not None, "a completed build has its site"
        build.published_at = utcnow()
        build.status = "published"
        # The one row a visitor's request reads: the new build replaces the old at once.
        site.live_build_id = build.id
        site.published_at = site.published_at or build.published_at
        tx.emit(
            envelope.caused(
                SitePublished(
                    build_id=build.id,
                    upload_id=build.upload_id,
                    slug=build.slug,
                    site_url=self.site_url(build.slug),
                ),
                source=SOURCE,
                subject=build.id,
            )
        )
