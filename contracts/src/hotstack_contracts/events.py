"""The HotStack events. Each payload class owns its subject (and so its version)."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from .envelope import Event
from .site import FormKind, Intent, SiteSpec
from .site_v1 import IntentV1, SiteSpecV1, upcast_intent, upcast_spec

SHA256_HEX = r"^[0-9a-f]{64}$"


class UploadReceived(Event):
    """A tenant uploaded a brief; its bytes are in the blob store."""

    subject: ClassVar[str] = "hotstack.upload.received.v1"

    upload_id: str = Field(description="Upload session id; the pipeline's correlation id.")
    file_id: str = Field(description="Stored file id.")
    filename: str = Field(max_length=255, description="Sanitised original filename.")
    content_type: str = Field(description="Media type confirmed by parsing.")
    size_bytes: int = Field(ge=1, description="Size of the file in bytes.")
    sha256: str = Field(pattern=SHA256_HEX, description="SHA-256 of the file bytes.")
    blob_key: str = Field(description="Blob store key of the file.")
    prompt: str = Field(max_length=4000, description="What the tenant asked for.")
    contact_email: str | None = Field(default=None, description="Where to send notifications.")


class UploadRevised(Event):
    """The tenant asked for changes to an upload's site: a new prompt, and perhaps a new
    brief. The site is read again, with everything asked before, and built again."""

    subject: ClassVar[str] = "hotstack.upload.revised.v1"

    upload_id: str = Field(description="The upload being revised; the correlation id.")
    revision: int = Field(ge=1, description="Which revision: 1 for the first.")
    prompt: str = Field(max_length=4000, description="What the tenant asks to change.")
    earlier_prompts: list[Annotated[str, Field(max_length=4000)]] = Field(
        max_length=50, description="What the tenant asked before, oldest first."
    )
    file_id: str = Field(description="The brief the revision reads (new, or the one before).")
    filename: str = Field(max_length=255, description="Sanitised original filename.")
    content_type: str = Field(description="Media type confirmed by parsing.")
    size_bytes: int = Field(ge=1, description="Size of the file in bytes.")
    sha256: str = Field(pattern=SHA256_HEX, description="SHA-256 of the file bytes.")
    blob_key: str = Field(description="Blob store key of the file.")


class LeftOut(BaseModel):
    """Something of the brief the site leaves out, and why (a person can read it)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ref: str = Field(
        max_length=300, description='What it is in the brief: "word/media/image3.png".'
    )
    reason: str = Field(max_length=500, description="Why it is left out.")


class IntentExtracted(Event):
    """The brief was read; here is what the tenant wants (with the directives and facts
    read, and where from) and the typed site spec."""

    subject: ClassVar[str] = "hotstack.intent.extracted.v2"

    upload_id: str = Field(description="Upload the intent was read from.")
    intent_id: str = Field(description="Intent id.")
    extractor: str = Field(description="Which extractor produced it, e.g. `rules`.")
    intent: Intent = Field(description="The extracted intent.")
    spec: SiteSpec = Field(description="The typed site spec the build renders.")
    left_out: list[LeftOut] = Field(
        default_factory=list,
        max_length=100,
        description="Pictures the brief names that the site does not show, and why.",
    )
    revision: int = Field(
        default=0, ge=0, description="0 for the upload itself; n for its n-th revision."
    )


class IntentExtractedV1(Event):
    """The brief was read (v1: untyped sections). Still accepted from producers that
    publish it; consumers upcast it to IntentExtracted (v2)."""

    subject: ClassVar[str] = "hotstack.intent.extracted.v1"

    upload_id: str = Field(description="Upload the intent was read from.")
    intent_id: str = Field(description="Intent id.")
    extractor: str = Field(description="Which extractor produced it, e.g. `rules`.")
    intent: IntentV1 = Field(description="The extracted intent.")
    spec: SiteSpecV1 = Field(description="The site spec the build renders.")

    def upcast(self) -> IntentExtracted:
        """This event as v2."""
        return IntentExtracted(
            upload_id=self.upload_id,
            intent_id=self.intent_id,
            extractor=self.extractor,
            intent=upcast_intent(self.intent),
            spec=upcast_spec(self.spec, self.intent),
        )


class IntentFailed(Event):
    """The brief could not be read."""

    subject: ClassVar[str] = "hotstack.intent.failed.v1"

    upload_id: str = Field(description="Upload that failed.")
    code: str = Field(description="Machine-readable reason, e.g. `no_text`.")
    reason: str = Field(description="What went wrong, for a person.")


class BuildStarted(Event):
    """A build of a site spec began."""

    subject: ClassVar[str] = "hotstack.build.started.v1"

    build_id: str = Field(description="Build id.")
    upload_id: str = Field(description="Upload being built.")
    intent_id: str = Field(description="Intent being rendered.")


class BuildCompleted(Event):
    """The site was rendered and packaged; a preview is live."""

    subject: ClassVar[str] = "hotstack.build.completed.v1"

    build_id: str = Field(description="Build id.")
    upload_id: str = Field(description="Upload that was built.")
    site_name: str = Field(description="Business name shown on the site.")
    page_count: int = Field(ge=1, description="Number of HTML pages.")
    file_count: int = Field(ge=1, description="Number of generated files.")
    artifact_key: str = Field(description="Blob key of the zip artifact.")
    artifact_sha256: str = Field(pattern=SHA256_HEX, description="SHA-256 of the zip artifact.")
    artifact_size_bytes: int = Field(ge=1, description="Size of the zip artifact.")
    preview_url: str = Field(description="Where the preview is served.")


class BuildFailed(Event):
    """The site could not be built."""

    subject: ClassVar[str] = "hotstack.build.failed.v1"

    build_id: str = Field(description="Build id.")
    upload_id: str = Field(description="Upload whose build failed.")
    reason: str = Field(description="What went wrong, for a person.")


class PaymentRequested(Event):
    """A quote was made and checkout is open."""

    subject: ClassVar[str] = "hotstack.payment.requested.v1"

    payment_id: str = Field(description="Payment id.")
    build_id: str = Field(description="Build being paid for.")
    upload_id: str = Field(description="Upload the build came from.")
    currency: Literal["usd"] = Field(default="usd", description="Currency of the grains.")
    amount_grains: int = Field(ge=0, description="Price before the Care Loop (1 grain = $0.01).")
    care_loop_grains: int = Field(ge=0, description="15% Care Loop contribution, in grains.")
    total_grains: int = Field(ge=0, description="amount + care loop, in grains.")
    checkout_url: str = Field(description="Where the tenant pays.")
    expires_at: AwareDatetime = Field(description="When an unpaid payment expires.")


class PaymentSettled(Event):
    """The payment succeeded."""

    subject: ClassVar[str] = "hotstack.payment.settled.v1"

    payment_id: str = Field(description="Payment id.")
    build_id: str = Field(description="Build that was paid for.")
    upload_id: str = Field(description="Upload the build came from.")
    amount_grains: int = Field(ge=0, description="Price before the Care Loop.")
    care_loop_grains: int = Field(ge=0, description="Care Loop contribution.")
    total_grains: int = Field(ge=0, description="Total charged.")
    provider: str = Field(description="Payment provider, e.g. `sandbox`.")
    provider_reference: str = Field(description="The provider's charge id.")


class PaymentDeclined(Event):
    """A card was declined. Nothing was charged and the payment is still open: the same
    checkout takes another card until the payment expires."""

    subject: ClassVar[str] = "hotstack.payment.declined.v1"

    payment_id: str = Field(description="Payment id.")
    build_id: str = Field(description="Build being paid for.")
    upload_id: str = Field(description="Upload the build came from.")
    code: str = Field(description="Machine-readable reason, e.g. `card_declined`.")
    reason: str = Field(description="What the bank said, for a person.")
    expires_at: AwareDatetime = Field(description="Until when the payment can still be made.")


class PaymentFailed(Event):
    """The payment ended unpaid: it expired or was canceled (a declined card does not end
    it; see PaymentDeclined)."""

    subject: ClassVar[str] = "hotstack.payment.failed.v1"

    payment_id: str = Field(description="Payment id.")
    build_id: str = Field(description="Build that was not paid for.")
    upload_id: str = Field(description="Upload the build came from.")
    code: str = Field(description="Machine-readable reason: `expired`, `canceled`.")
    reason: str = Field(description="What went wrong, for a person.")


class SitePublished(Event):
    """The paid site is live."""

    subject: ClassVar[str] = "hotstack.site.published.v1"

    build_id: str = Field(description="Published build.")
    upload_id: str = Field(description="Upload the site came from.")
    slug: str = Field(pattern=r"^[a-z0-9-]{1,80}$", description="Public slug of the site.")
    site_url: str = Field(description="Public url of the site.")


class SiteUnpublished(Event):
    """The tenant took a published site down: its address answers 410 Gone from now on."""

    subject: ClassVar[str] = "hotstack.site.unpublished.v1"

    build_id: str = Field(description="The build that was published.")
    upload_id: str = Field(description="Upload the site came from.")
    slug: str = Field(pattern=r"^[a-z0-9-]{1,80}$", description="Public slug of the site.")


class SubmittedField(BaseModel):
    """One answer of a form a visitor sent, under the label the visitor saw."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$", description="The field's name.")
    label: str = Field(max_length=120, description="The label the visitor saw.")
    value: str = Field(max_length=5000, description="What the visitor wrote (may be empty).")


class FormSubmitted(Event):
    """A visitor sent a form of a published site; the owner is to hear of it."""

    subject: ClassVar[str] = "hotstack.form.submitted.v1"

    submission_id: str = Field(description="Submission id, as listed to the tenant.")
    build_id: str = Field(description="The published build the form was on.")
    upload_id: str = Field(description="Upload the site came from.")
    slug: str = Field(pattern=r"^[a-z0-9-]{1,80}$", description="Public slug of the site.")
    site_name: str = Field(max_length=200, description="The business the site is for.")
    site_url: str = Field(description="Public url of the site.")
    form: FormKind = Field(description="What the form asks for.")
    fields: list[SubmittedField] = Field(
        min_length=1, max_length=30, description="The answers, in the form's order."
    )
    reply_to: str | None = Field(
        default=None, max_length=254, description="The visitor's email address, if given."
    )
    site_email: str | None = Field(
        default=None,
        max_length=254,
        description="The contact address the site shows; absent, the upload's contact "
        "address is the recipient.",
    )


class NotificationSent(Event):
    """An email or webhook was delivered."""

    subject: ClassVar[str] = "hotstack.notification.sent.v1"

    notification_id: str = Field(description="Notification id.")
    channel: Literal["email", "webhook"] = Field(description="How it was sent.")
    recipient: str = Field(description="Email address or endpoint id.")
    kind: str = Field(description="What it said, e.g. `preview_ready`, `site_live`.")
    about_event_id: str = Field(description="Event the notification is about.")


class NotificationFailed(Event):
    """A notification could not be delivered and was dead-lettered."""

    subject: ClassVar[str] = "hotstack.notification.failed.v1"

    notification_id: str = Field(description="Notification id.")
    channel: Literal["email", "webhook"] = Field(description="How it was to be sent.")
    recipient: str = Field(description="Email address or endpoint id.")
    kind: str = Field(description="What it would have said.")
    about_event_id: str = Field(description="Event the notification is about.")
    reason: str = Field(description="Why delivery failed.")
    attempts: int = Field(ge=1, description="Attempts made.")


class LedgerCheckpointed(Event):
    """The ledger signed a checkpoint of a tenant's log: keep it, and a later rewrite of the
    history it vouches for can be shown (`hotstack-ledger verify … --kept DIR`). The ledger
    does not chain its own checkpoints."""

    subject: ClassVar[str] = "hotstack.ledger.checkpoint.v1"

    origin: str = Field(description="The log's origin line: `<host>/ledger/<tenant>`.")
    size: int = Field(ge=1, description="Entries the checkpoint covers.")
    root: str = Field(pattern=SHA256_HEX, description="RFC 6962 Merkle root, hex.")
    note: str = Field(description="The signed C2SP checkpoint note, as served by /checkpoint.")
