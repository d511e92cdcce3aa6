"""A visitor sends every kind of form on a published site, in headless Chromium, through
the whole stack: the owner gets each by email at the address the site shows, the
tenant's webhook receiver gets each as a signed `hotstack.form.submitted.v1`, and the
ledger chains each once. Robots (a filled honeypot, a post straight after the page was
served) are refused, and nothing of theirs is stored or sent."""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from standardwebhooks.webhooks import Webhook

from hotstack_contracts import FormKind
from hotstack_tools.demo import received_mail
from hotstack_tools.stack import Stack

from .conftest import Tenant, assert_ledger_holds_each_event_once, wait_until

pytestmark = pytest.mark.e2e

ARTIFACTS = Path("test-artifacts") / "site-forms"
SITE_EMAIL = "hello@pawsandwhiskers.org.uk"  # the address the brief gives the site
PROMPT = (
    "A site for our shelter. Visitors should be able to contact us, book a visit, request a "
    "consultation with our vet, join the waitlist for puppies, register for our open day "
    "and pledge a donation."
)
ANSWERS = {
    "Your name": "Ana López",
    "Your email": "ana@example.com",
    "Phone (optional)": "+44 20 7946 0000",
    "Message": "Do you have cats that get on with dogs?",
    "Preferred date": "2027-03-14",
    "Preferred time": "10:30",
    "Number of people": "2",
    "What is it about?": "Our old dog's diet",
    "Amount you pledge": "25",
}
# Long enough for the form token to count as a person's (the service refuses under 3 s).
PERSON_SECONDS = 3.5


class Receiver:
    """A webhook endpoint on this machine: keeps every request it gets."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    thread = threading.Thread(target=found.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        found.server.shutdown()


def token_of(page: str) -> str:
    found = re.search(r'name="_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_a_visitor_sends_every_kind_of_form_and_the_owner_hears_of_each_robots_do_not(
    stack: Stack, chromium: Any, receiver: Receiver
) -> None:
    tenant = Tenant(stack, f"forms-{uuid.uuid4().hex[:8]}")
    endpoint = tenant.http.post(
        tenant.url("notifier", "/api/webhooks"),
        json={"url": receiver.url, "event_types": ["hotstack.form.*"]},
    )
    assert endpoint.status_code == 201, endpoint.text
    created = tenant.upload(f"owner-{uuid.uuid4().hex[:6]}@example.com", prompt=PROMPT)
    upload_id = created["upload_id"]
    ready = tenant.wait_for(upload_id, lambda b: b["status"] == "awaiting_payment")
    assert tenant.pay(ready["payment_id"], key=f"pay-{upload_id}").status_code == 200
    published = tenant.wait_for(upload_id, lambda b: b["status"] == "published")
    site_url: str = published["site_url"]
    slug = site_url.rstrip("/").rsplit("/", 1)[-1]

    context = chromium.new_context()
    errors: list[str] = []
    context.on("weberror", lambda e: errors.append(str(e.error)))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        # One tab per form, as six visitors would open the site.
        tabs = [context.new_page() for _ in FormKind]
        for tab in tabs:
            tab.goto(site_url)
        forms = tabs[0].locator("form.form")
        actions = forms.evaluate_all("forms => forms.map(f => f.action)")
        assert actions == [site_url] * len(FormKind)  # the site's own address
        named = forms.evaluate_all("forms => forms.map(f => f.elements['_form'].value)")
        assert sorted(named) == sorted(kind.value for kind in FormKind)

        # Robots: one posts the moment the page is served, one fills in the honeypot.
        hurried = token_of(httpx.get(site_url).text)
        aged = token_of(httpx.get(site_url).text)
        contact = {"_form": "contact", "name": "Bot", "email": "bot@spam.example", "message": "x"}
        fast = httpx.post(site_url, data={"_token": hurried, **contact})
        assert fast.status_code == 400
        assert "It was sent too quickly" in fast.text
        time.sleep(PERSON_SECONDS)  # the visitors read the page and fill the forms in
        trapped = httpx.post(
            site_url, data={"_token": aged, "url": "http://spam.example", **contact}
        )
        assert trapped.status_code == 400

        tabs[0].locator("form.form").first.scroll_into_view_if_needed()
        tabs[0].screenshot(path=str(ARTIFACTS / "forms.png"), full_page=True)
        for i, tab in enumerate(tabs):
            form = tab.locator("form.form").nth(i)
            for label, value in ANSWERS.items():
                field = form.get_by_label(label, exact=True)
                if field.count():
                    field.fill(value)
            form.get_by_role("button").click()
            tab.wait_for_url(f"{site_url}sent.html")
            assert tab.get_by_role("heading", level=1).inner_text() == "Thank you, it is sent"
        tabs[-1].screenshot(path=str(ARTIFACTS / "sent.png"), full_page=True)

        # A form sent straight after the page opened is refused with the site's own page,
        # which says why and leads back to the form.
        hasty = context.new_page()
        hasty.goto(site_url)
        form = hasty.locator("form.form").last
        for label, value in ANSWERS.items():
            if form.get_by_label(label, exact=True).count():
                form.get_by_label(label, exact=True).fill(value)
        form.get_by_role("button").click()
        hasty.get_by_text("It was sent too quickly.").wait_for()
        hasty.screenshot(path=str(ARTIFACTS / "not-sent.png"), full_page=True)
        hasty.get_by_role("link", name="Back to the form").click()
        hasty.wait_for_url(re.compile(r".*/index\.html#.*"))
    finally:
        context.close()
    assert errors == []

    # The owner hears of each form by email at the site's address, with every answer.
    def six_emails() -> bool:
        return len(received_mail(stack.config.mail_dir, SITE_EMAIL)) >= len(FormKind)

    wait_until(six_emails, what="an email per form")
    mail = received_mail(stack.config.mail_dir, SITE_EMAIL)
    assert len(mail) == len(FormKind)  # nothing from the robots
    subjects = sorted(subject for subject, _ in mail)
    assert subjects == sorted(
        f"New {what} from Ana López — Paws & Whiskers Rescue"
        for what in (
            "contact",
            "booking request",
            "consultation request",
            "waitlist",
            "registration",
            "donation pledge",
        )
    )
    donation = next(text for subject, text in mail if "donation" in subject)
    assert "Amount you pledge: 25" in donation
    assert "Reply to this email to answer ana@example.com." in donation

    # The webhook receiver gets each, signed; the ledger chains each once.
    wait_until(lambda: len(receiver.received) >= len(FormKind), what="a webhook per form")
    secret = endpoint.json()["secret"]
    events = [Webhook(secret).verify(body, headers) for headers, body in receiver.received]
    assert len(events) == len(FormKind)
    assert {e["type"] for e in events} == {"hotstack.form.submitted.v1"}
    assert sorted(e["data"]["form"] for e in events) == sorted(k.value for k in FormKind)
    assert {e["data"]["site_email"] for e in events} == {SITE_EMAIL}
    final = tenant.status(upload_id)
    assert_ledger_holds_each_event_once(
        tenant, {item["id"] for item in final["timeline"]} | {e["id"] for e in events}
    )

    listed = tenant.http.get(tenant.url("build", f"/api/sites/{slug}/submissions")).json()
    assert len(listed["items"]) == len(FormKind)
    assert json.dumps(listed).count("bot@spam.example") == 0
