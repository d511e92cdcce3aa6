"""A brief through six real processes and a real nats-server, over HTTP."""

from __future__ import annotations

import base64
import hashlib
import re
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from hotstack_contracts import (
    Contact,
    Envelope,
    Event,
    FormKind,
    HeroSection,
    Intent,
    IntentExtracted,
    IntentExtractedV1,
    ListSection,
    Page,
    Palette,
    SiteSpec,
    SiteType,
    new_id,
    standard_form,
)
from hotstack_contracts.site_v1 import ContactV1, IntentV1, PageV1, SectionV1, SiteSpecV1
from hotstack_tools.demo import received_mail
from hotstack_tools.stack import SERVICES, Stack
from hotstack_tools.testing import documents as samples

from .conftest import TEST_CARD, Tenant, assert_ledger_holds_each_event_once, types, wait_until

pytestmark = pytest.mark.e2e

PIPELINE = [
    "hotstack.upload.received.v1",
    "hotstack.intent.extracted.v2",
    "hotstack.build.started.v1",
    "hotstack.build.completed.v1",
    "hotstack.payment.requested.v1",
    "hotstack.payment.settled.v1",
    "hotstack.site.published.v1",
]


def test_a_brief_becomes_a_paid_published_site_with_email_and_a_verified_ledger(
    stack: Stack,
) -> None:
    tenant = Tenant(stack, f"e2e-{uuid.uuid4().hex[:8]}")
    email = f"owner-{uuid.uuid4().hex[:6]}@example.com"
    created = tenant.upload(email)
    upload_id = created["upload_id"]

    ready = tenant.wait_for(upload_id, lambda b: b["status"] == "awaiting_payment")
    preview = httpx.get(ready["preview_url"])
    assert preview.status_code == 200
    assert "Paws &amp; Whiskers Rescue" in preview.text

    payment = tenant.http.get(tenant.url("payment", f"/api/payments/{ready['payment_id']}")).json()
    assert payment["checkout_url"] == ready["checkout_url"]
    assert payment["total_grains"] == payment["amount_grains"] + payment["care_loop_grains"]
    paid = tenant.pay(payment["payment_id"], key=f"pay-{upload_id}")
    assert paid.status_code == 200, paid.text
    assert paid.json()["status"] == "succeeded"
    replay = tenant.pay(payment["payment_id"], key=f"pay-{upload_id}")
    assert replay.status_code == 200
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == paid.json()

    # Each event reaches the upload's timeline through its own subscription: published can
    # be recorded before settled is, so wait for the whole pipeline, then check its order.
    published = tenant.wait_for(
        upload_id, lambda b: b["status"] == "published" and set(PIPELINE) <= set(types(b))
    )
    assert [t for t in types(published) if t in PIPELINE] == PIPELINE
    site = httpx.get(published["site_url"])
    assert site.status_code == 200
    assert '<h1 class="hero-title">Paws &amp; Whiskers Rescue</h1>' in site.text
    assert httpx.get(published["site_url"] + "styles.css").status_code == 200

    def both_emails() -> bool:
        subjects = [s for s, _ in received_mail(stack.config.mail_dir, email)]
        return any("pay here" in s for s in subjects) and any("is live" in s for s in subjects)

    wait_until(both_emails, what="the preview and live emails")
    live = [text for s, text in received_mail(stack.config.mail_dir, email) if "is live" in s]
    assert published["site_url"] in live[0]

    sent = tenant.http.get(tenant.url("notifier", "/api/notifications")).json()
    assert {n["kind"] for n in sent} == {"preview_ready", "site_live"}

    final = tenant.wait_for(
        upload_id, lambda b: types(b).count("hotstack.notification.sent.v1") == 2
    )
    assert_ledger_holds_each_event_once(tenant, {item["id"] for item in final["timeline"]})


VET_BRIEF = """# Harbour Vets

Caring for the pets of Portland since 1998. Our vets are here six days a week.

## Events

- Sat 6 March 2027: Puppy socialisation morning
- Sat 10 April 2027: Open day at the clinic

## Reviews

- "They saved our old cat." — Jo

## Contact

Call (503) 555-0142. Out of hours emergencies: (503) 555-0199.
"""


def test_what_the_customer_asks_is_what_the_published_site_shows(
    stack: Stack, tmp_path: Path
) -> None:
    tenant = Tenant(stack, f"asks-{uuid.uuid4().hex[:8]}")
    brief = tmp_path / "vets.md"
    brief.write_text(VET_BRIEF + "\nWe do not want reviews on the site.\n")
    created = tenant.upload(
        "vets@example.com",
        brief,
        prompt="A site for our vet clinic in navy and gold, with the events on a page of "
        "their own. Make the emergency number stand out.",
    )
    ready = tenant.wait_for(created["upload_id"], lambda b: b["status"] == "awaiting_payment")
    assert tenant.pay(ready["payment_id"], key=f"pay-{created['upload_id']}").status_code == 200
    published = tenant.wait_for(created["upload_id"], lambda b: b["status"] == "published")
    home = httpx.get(published["site_url"]).text
    hero = home.split('<section class="hero')[1].split("</section>")[0]
    assert 'Emergency: <a href="tel:+15035550199">(503) 555-0199</a>' in hero
    assert '<a href="events.html">Events</a>' in home
    assert "They saved our old cat" not in home  # the brief refused reviews
    assert "We do not want reviews" not in home  # and said so to us, not to visitors
    events = httpx.get(published["site_url"] + "events.html").text
    assert '<time datetime="2027-03-06">' in events
    assert "Puppy socialisation morning" in events
    css = httpx.get(published["site_url"] + "styles.css").text
    assert "--primary: #1f3a5f;" in css  # navy, as asked


def test_a_brief_s_photos_reach_the_site_and_hostile_pictures_are_left_out_with_a_reason(
    stack: Stack, tmp_path: Path
) -> None:
    tenant = Tenant(stack, f"pics-{uuid.uuid4().hex[:8]}")

    def inline(data: bytes, media_type: str = "image/jpeg") -> str:
        return f"data:{media_type};base64,{base64.b64encode(data).decode()}"

    photos = [samples.photo(1600, 1200, seed=n) for n in range(2)]
    brief = tmp_path / "fern.html"
    brief.write_text(
        "<h1>Fern &amp; Flax</h1><p>Handmade homewares from a tiny workshop.</p>"
        f'<h2>Our shop</h2><p>Two of us and a loom.</p><img src="{inline(photos[0])}" alt="Shop">'
        f'<h2>Things we make</h2><img src="{inline(photos[1])}" alt="Mugs">'
        f'<img src="{inline(samples.picture_bomb(), "image/png")}" alt="Bomb">'
        f'<img src="{inline(samples.malformed_picture())}" alt="Broken">'
        "<h2>Visit</h2><p>hello@fernandflax.test</p>"
    )
    created = tenant.upload("owner@example.com", brief, prompt="A site for our craft shop")
    ready = tenant.wait_for(created["upload_id"], lambda b: b["status"] == "awaiting_payment")
    # The site was built: the hostile pictures cost their own sandbox children, nothing more,
    # and the owner is told which pictures are missing and why.
    assert len(ready["notes"]) == 2, ready["notes"]
    assert "decompression bomb" in ready["notes"][0]
    assert "not a JPEG, PNG" in ready["notes"][1]
    preview = ready["preview_url"]
    home = httpx.get(preview).text
    assert home.count("<picture") == 2
    served = re.findall(r"images/[0-9a-f]{32}\.(?:webp|jpeg)", home)
    assert len(set(served)) >= 6  # two photos, each in WebP widths and a JPEG
    for path in set(served):
        answer = httpx.get(preview + path)
        assert answer.status_code == 200, path
        assert answer.headers["content-type"] == f"image/{path.rsplit('.', 1)[1]}"
        assert not any(mark in answer.content for mark in samples.SECRET_MARKS)


def test_another_tenant_sees_nothing_of_an_upload(stack: Stack) -> None:
    owner = Tenant(stack, f"own-{uuid.uuid4().hex[:8]}")
    stranger = Tenant(stack, f"str-{uuid.uuid4().hex[:8]}")
    created = owner.upload("a@example.com")
    for path in (f"/api/uploads/{created['upload_id']}", f"/api/files/{created['file_id']}"):
        assert stranger.http.get(owner.url("upload", path)).status_code == 404
        assert owner.http.get(owner.url("upload", path)).status_code == 200
    assert (
        stranger.http.get(owner.url("ledger", f"/api/ledger/{owner.name}/verify")).status_code
        == 404
    )
    assert httpx.get(owner.url("upload", f"/api/uploads/{created['upload_id']}")).status_code == 401


def test_reused_upload_idempotency_key_returns_the_same_upload_or_422(stack: Stack) -> None:
    tenant = Tenant(stack, f"idem-{uuid.uuid4().hex[:8]}")
    first = tenant.upload("a@example.com", headers={"Idempotency-Key": "brief-1"})
    again = tenant.upload("a@example.com", headers={"Idempotency-Key": "brief-1"})
    assert again["upload_id"] == first["upload_id"]
    other = tenant.http.post(
        tenant.url("upload", "/api/upload"),
        files={"file": ("other.md", b"# Other brief", "text/markdown")},
        data={"prompt": "Something else"},
        headers={"Idempotency-Key": "brief-1"},
    )
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["detail"]


@pytest.mark.parametrize(
    ("card", "answer"), [("4000 0000 0000 0002", 402), ("4000 0000 0000 0341", 202)]
)
def test_a_declined_card_keeps_the_upload_waiting_for_another(
    stack: Stack, card: str, answer: int
) -> None:
    tenant = Tenant(stack, f"decline-{uuid.uuid4().hex[:8]}")
    created = tenant.upload(f"decline-{uuid.uuid4().hex[:6]}@example.com")
    ready = tenant.wait_for(created["upload_id"], lambda b: b["status"] == "awaiting_payment")
    confirm = tenant.url("payment", f"/api/payments/{ready['payment_id']}/confirm")
    response = tenant.http.post(confirm, json={"card_number": card})
    assert response.status_code == answer, response.text
    declined = tenant.wait_for(
        created["upload_id"], lambda b: "hotstack.payment.declined.v1" in types(b)
    )
    assert declined["status"] == "awaiting_payment"
    assert "hotstack.payment.failed.v1" not in types(declined)
    paid = tenant.http.post(confirm, json={"card_number": TEST_CARD})
    assert paid.status_code == 200, paid.text
    published = tenant.wait_for(created["upload_id"], lambda b: b["status"] == "published")
    assert httpx.get(published["site_url"]).status_code == 200


def test_the_tenant_takes_the_site_down_and_its_address_answers_410(stack: Stack) -> None:
    tenant = Tenant(stack, f"down-{uuid.uuid4().hex[:8]}")
    created = tenant.upload(f"down-{uuid.uuid4().hex[:6]}@example.com")
    ready = tenant.wait_for(created["upload_id"], lambda b: b["status"] == "awaiting_payment")
    assert tenant.pay(ready["payment_id"], key=f"pay-{created['upload_id']}").status_code == 200
    published = tenant.wait_for(created["upload_id"], lambda b: b["status"] == "published")
    assert httpx.get(published["site_url"]).status_code == 200
    build_id = published["preview_url"].split("/")[-2]
    down = tenant.http.post(tenant.url("build", f"/api/builds/{build_id}/unpublish"))
    assert down.status_code == 200, down.text
    gone = httpx.get(published["site_url"])
    assert gone.status_code == 410
    assert "This site is no longer online" in gone.text
    after = tenant.wait_for(created["upload_id"], lambda b: b["status"] == "unpublished")
    assert "hotstack.site.unpublished.v1" in types(after)


def test_a_canceled_payment_publishes_nothing(stack: Stack) -> None:
    tenant = Tenant(stack, f"cancel-{uuid.uuid4().hex[:8]}")
    email = f"cancel-{uuid.uuid4().hex[:6]}@example.com"
    created = tenant.upload(email)
    ready = tenant.wait_for(created["upload_id"], lambda b: b["status"] == "awaiting_payment")
    response = tenant.http.post(
        tenant.url("payment", f"/api/payments/{ready['payment_id']}/cancel")
    )
    assert response.status_code == 200, response.text
    failed = tenant.wait_for_failure(created["upload_id"])
    assert "hotstack.payment.failed.v1" in types(failed)
    assert "hotstack.site.published.v1" not in types(failed)
    assert failed["site_url"] is None
    build = tenant.http.get(
        tenant.url("build", f"/api/builds/{failed['preview_url'].split('/')[-2]}")
    )
    assert build.json()["published_at"] is None
    assert httpx.get(tenant.url("build", f"/sites/{build.json()['slug']}/")).status_code == 404

    def failure_notice() -> bool:
        return any(
            subject == "We could not finish your site" and created["upload_id"] in text
            for subject, text in received_mail(stack.config.mail_dir, email)
        )

    wait_until(failure_notice, what="the failure email")


def _outside_intent(version: str) -> Event:
    """An intent another system publishes, as v2 or as v1 (which build upcasts)."""
    palette = Palette(primary="#7a2e1f", accent="#9a6b00", background="#fdf8f2", text="#231a16")
    common: dict[str, Any] = {
        "upload_id": new_id("upl"),
        "intent_id": new_id("int"),
        "extractor": "external",
    }
    about: dict[str, Any] = {"site_type": SiteType.RESTAURANT, "business_name": "Outside Bistro",
             "tagline": "Published by another system", "audience": "", "tone": "warm",
             "features": ["contact_form"], "palette": palette}  # fmt: skip
    if version == "v1":
        return IntentExtractedV1(
            **common,
            intent=IntentV1(**about, contact=ContactV1(email="hello@bistro.example")),
            spec=SiteSpecV1(
                pages=[
                    PageV1(
                        slug="index",
                        title="Home",
                        sections=[
                            SectionV1(kind="hero", heading="Outside Bistro"),
                            SectionV1(kind="list", heading="Menu", items=["Onion soup — $6"]),
                        ],
                    )
                ]
            ),
        )
    return IntentExtracted(
        **common,
        intent=Intent(**about, contact=Contact(emails=["hello@bistro.example"])),
        spec=SiteSpec(
            pages=[
                Page(
                    slug="index",
                    title="Home",
                    sections=[
                        HeroSection(heading="Outside Bistro"),
                        ListSection(heading="Menu", items=["Onion soup — $6"]),
                        standard_form(FormKind.CONTACT),
                    ],
                )
            ]
        ),
    )


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_an_event_published_by_another_system_flows_like_any_other(
    stack: Stack, tmp_path: Path, version: str
) -> None:
    tenant = Tenant(stack, f"outside-{uuid.uuid4().hex[:8]}")
    data = _outside_intent(version)
    assert data.subject.endswith(version)
    event = Envelope.new(
        data,
        source="partner/crm",
        tenant=tenant.name,
        correlation_id=new_id("upl"),
        subject="outside",
    )
    path = tmp_path / "intent.json"
    path.write_bytes(event.to_json())
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "hotstack_tools.cli",
            "publish",
            event.type,
            "--data",
            str(path),
            "--nats",
            stack.config.nats_url,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    build_id = "bld_" + hashlib.sha256(event.id.encode()).hexdigest()[:32]

    def built() -> bool:
        response = tenant.http.get(tenant.url("build", f"/api/builds/{build_id}"))
        return response.status_code == 200 and response.json()["status"] == "completed"

    wait_until(built, what="the build of the published intent")
    preview = httpx.get(tenant.url("build", f"/preview/{build_id}/"))
    assert "Outside Bistro" in preview.text
    assert "Onion soup — $6" in preview.text
    assert 'name="email" type="email"' in preview.text  # the contact form v1 derived from features


def test_operator_follows_an_upload_and_verifies_the_ledger_from_the_cli(stack: Stack) -> None:
    tenant = Tenant(stack, f"ops-{uuid.uuid4().hex[:8]}")
    created = tenant.upload("ops@example.com")
    ready = tenant.wait_for(created["upload_id"], lambda b: b["status"] == "awaiting_payment")
    assert tenant.pay(ready["payment_id"], key="ops-1").status_code == 200

    def hotstack(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "hotstack_tools.cli",
                *args,
                "--state",
                str(stack.config.state_dir),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    followed = hotstack("status", created["upload_id"], "--tenant", tenant.name, "--follow")
    assert followed.returncode == 0, followed.stdout + followed.stderr
    assert "hotstack.site.published.v1" in followed.stdout
    assert "status: published" in followed.stdout
    verified = hotstack("ledger", "verify", tenant.name)
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith(f"OK hotstack.local/ledger/{tenant.name}")
    assert "co-signed by the witness" in verified.stdout  # the stack runs one
    missing = hotstack("status", "upl_missing", "--tenant", tenant.name)
    assert missing.returncode == 1


def test_payment_down_when_the_build_completes_still_ends_published(stack: Stack) -> None:
    tenant = Tenant(stack, f"pause-{uuid.uuid4().hex[:8]}")
    stack.stop_service("payment", sig=signal.SIGKILL)
    try:
        created = tenant.upload("b@example.com")
        upload_id = created["upload_id"]
        tenant.wait_for(upload_id, lambda b: "hotstack.build.completed.v1" in types(b))
        assert "hotstack.payment.requested.v1" not in types(tenant.status(upload_id))
    finally:
        stack.start_service("payment")
        stack.wait_ready(["payment"])
    ready = tenant.wait_for(upload_id, lambda b: b["status"] == "awaiting_payment")
    assert tenant.pay(ready["payment_id"], key="k1").status_code == 200
    done = tenant.wait_for(upload_id, lambda b: b["status"] == "published")
    assert types(done).count("hotstack.payment.requested.v1") == 1
    assert_ledger_holds_each_event_once(tenant, {item["id"] for item in done["timeline"]})


def test_readiness_names_nats_while_it_is_down_and_recovers_without_restarts(stack: Stack) -> None:
    pids = {name: stack.processes[name].pid for name in SERVICES}
    stack.stop_nats()
    try:
        for name in SERVICES:
            url = f"{stack.config.url(name)}/health/ready"

            def reports_nats_down(url: str = url) -> bool:
                response = httpx.get(url, timeout=5)
                return response.status_code == 503 and response.json()["failing"] == ["nats"]

            wait_until(reports_nats_down, what=f"{name} to report NATS down")
            assert httpx.get(f"{stack.config.url(name)}/health/live").status_code == 200
    finally:
        stack.start_nats()
    stack.wait_ready(timeout=60)
    assert {name: stack.processes[name].pid for name in SERVICES} == pids

    tenant = Tenant(stack, f"after-{uuid.uuid4().hex[:8]}")
    created = tenant.upload("c@example.com")
    tenant.wait_for(created["upload_id"], lambda b: b["status"] == "awaiting_payment")
