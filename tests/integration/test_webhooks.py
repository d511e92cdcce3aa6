"""Webhook deliveries: Standard Webhooks signatures, the retry schedule, 410, Retry-After,
exhaustion, rotation and restarts — against a real local receiver."""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import nats
import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from fastapi import FastAPI
from standardwebhooks.webhooks import Webhook

from hotstack_contracts import STREAM_NAME, parse_event
from hotstack_libs.auth import mint_token
from hotstack_libs.http import service_of
from hotstack_libs.settings import DEV_AUTH_SECRET
from hotstack_notifier.bootstrap import create_app
from hotstack_notifier.settings import Settings
from hotstack_tools.demo import received_mail
from hotstack_tools.mailsink import start_sink
from hotstack_tools.processes import NatsServer, free_port
from hotstack_tools.testing.factories import build_completed, payment_requested, upload_received
from hotstack_tools.testing.services import eventually

pytestmark = pytest.mark.integration

TENANT = "hooks"
HEADERS = {"Authorization": f"Bearer {mint_token(DEV_AUTH_SECRET, TENANT)}"}


class Receiver:
    """Answers with a scripted list of statuses (the last one repeats) and records requests."""

    def __init__(self) -> None:
        self.script: list[tuple[int, dict[str, str]]] = [(200, {})]
        self.requests: list[tuple[float, dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                receiver.requests.append(
                    (time.monotonic(), {k.lower(): v for k, v in self.headers.items()}, body)
                )
                index = min(len(receiver.requests) - 1, len(receiver.script) - 1)
                status, extra = receiver.script[index]
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("content-length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.server.shutdown()


def settings_for(
    database_url: str, nats_url: str, tmp_path: Path, schedule: tuple[float, ...]
) -> Settings:
    return Settings(
        database_url=database_url,
        nats_url=nats_url,
        state_dir=tmp_path,
        environment="test",
        webhook_allow_loopback=True,
        webhook_retry_schedule_seconds=schedule,
        webhook_poll_seconds=0.05,
        webhook_lease_seconds=5.0,
    )


@asynccontextmanager
async def notifier(settings: Settings) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://notifier") as client:

            async def ready() -> bool:
                return (await client.get("/health/ready")).status_code == 200

            await eventually(ready)
            yield app, client


async def register(
    client: httpx.AsyncClient, url: str, types: list[str] | None = None
) -> dict[str, Any]:
    response = await client.post(
        "/api/webhooks",
        json={"url": url, "event_types": types or ["hotstack.upload.*"]},
        headers=HEADERS,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    assert body["secret"].startswith("whsec_")
    return body


async def publish_upload(nats_url: str, contact_email: str | None = None) -> str:
    event = upload_received(TENANT, contact_email=contact_email)
    connection = await nats.connect(nats_url)
    try:
        await connection.jetstream().publish(
            event.type, event.to_json(), headers={"Nats-Msg-Id": event.id}
        )
    finally:
        await connection.close()
    return event.id


async def notifications(nats_url: str, subject: str) -> list[Any]:
    connection = await nats.connect(nats_url)
    try:
        subscription = await connection.jetstream().pull_subscribe(subject, stream=STREAM_NAME)
        try:
            messages = await subscription.fetch(20, timeout=1)
        except TimeoutError:  # nats-py raises its own or, from a cut-short fetch, asyncio's
            return []
        return [parse_event(m.data) for m in messages]
    finally:
        await connection.close()


async def test_a_failing_receiver_sees_the_schedule_then_success_all_verifiable(
    database_url: str, fresh_nats: NatsServer, tmp_path: Path, receiver: Receiver
) -> None:
    receiver.script = [(500, {}), (502, {}), (200, {})]
    settings = settings_for(database_url, fresh_nats.url, tmp_path, (0, 0.3, 0.3, 0.3))
    async with notifier(settings) as (_, client):
        endpoint = await register(client, receiver.url)
        event_id = await publish_upload(fresh_nats.url)

        async def three() -> bool:
            return len(receiver.requests) >= 3

        await eventually(three)
        ids = {headers["webhook-id"] for _, headers, _ in receiver.requests}
        assert ids == {f"msg_{event_id}"}  # stable across retries
        for _, headers, body in receiver.requests:
            payload = Webhook(endpoint["secret"]).verify(body, headers)
            assert payload["type"] == "hotstack.upload.received.v1"
        gaps = [b[0] - a[0] for a, b in zip(receiver.requests, receiver.requests[1:], strict=False)]
        assert all(gap >= 0.25 for gap in gaps)

        async def succeeded() -> bool:
            rows = (await client.get("/api/deliveries", headers=HEADERS)).json()
            return bool(rows[0]["status"] == "succeeded")

        await eventually(succeeded)
        delivery = (await client.get("/api/deliveries", headers=HEADERS)).json()[0]
        assert delivery["attempts"] == 3
        sent = await notifications(fresh_nats.url, "hotstack.notification.sent.v1")
        assert [e.data.about_event_id for e in sent if e.data.channel == "webhook"] == [event_id]

        rotated = (
            await client.post(f"/api/webhooks/{endpoint['id']}/rotate-secret", headers=HEADERS)
        ).json()
        assert rotated["secret"] != endpoint["secret"]
        await publish_upload(fresh_nats.url)

        async def four() -> bool:
            return len(receiver.requests) >= 4

        await eventually(four)
        _, headers, body = receiver.requests[3]
        assert len(headers["webhook-signature"].split(" ")) == 2
        for secret in (endpoint["secret"], rotated["secret"]):
            Webhook(secret).verify(body, headers)
        listed = (await client.get("/api/webhooks", headers=HEADERS)).json()
        assert all(item["secret"] is None for item in listed)


async def test_410_disables_the_endpoint_at_once_and_tells_the_tenant(
    database_url: str, fresh_nats: NatsServer, tmp_path: Path, receiver: Receiver
) -> None:
    receiver.script = [(410, {})]
    sink = start_sink(tmp_path / "mail", port=free_port())
    settings = settings_for(database_url, fresh_nats.url, tmp_path, (0, 0.2, 0.2))
    settings.smtp_port = sink.port
    async with notifier(settings) as (_, client):
        await register(client, receiver.url)
        await publish_upload(fresh_nats.url, contact_email="ops@tenant.example")

        async def disabled() -> bool:
            return not (await client.get("/api/webhooks", headers=HEADERS)).json()[0]["enabled"]

        await eventually(disabled)
        assert len(receiver.requests) == 1
        endpoint = (await client.get("/api/webhooks", headers=HEADERS)).json()[0]
        assert "410" in endpoint["disabled_reason"]

        async def reported() -> bool:  # published by the outbox relay after the commit
            failed = await notifications(fresh_nats.url, "hotstack.notification.failed.v1")
            return len(failed) == 1

        await eventually(reported)

        def told() -> list[tuple[str, str]]:
            return received_mail(tmp_path / "mail", "ops@tenant.example")

        async def mailed() -> bool:
            return bool(told())

        await eventually(mailed)
        subject, text = told()[0]
        assert subject == "A HotStack webhook endpoint was disabled"
        assert receiver.url in text
    sink.stop()


async def test_retry_after_is_honoured(
    database_url: str, fresh_nats: NatsServer, tmp_path: Path, receiver: Receiver
) -> None:
    receiver.script = [(429, {"Retry-After": "1"}), (200, {})]
    settings = settings_for(database_url, fresh_nats.url, tmp_path, (0, 0.1, 0.1))
    async with notifier(settings) as (_, client):
        await register(client, receiver.url)
        await publish_upload(fresh_nats.url)

        async def two() -> bool:
            return len(receiver.requests) >= 2

        await eventually(two)
        assert receiver.requests[1][0] - receiver.requests[0][0] >= 0.95


async def test_exhausted_retries_end_in_notification_failed(
    database_url: str, fresh_nats: NatsServer, tmp_path: Path, receiver: Receiver
) -> None:
    receiver.script = [(500, {})]
    settings = settings_for(database_url, fresh_nats.url, tmp_path, (0, 0.1, 0.1, 0.1))
    async with notifier(settings) as (_, client):
        await register(client, receiver.url)
        event_id = await publish_upload(fresh_nats.url)

        async def failed() -> bool:
            return bool(await notifications(fresh_nats.url, "hotstack.notification.failed.v1"))

        await eventually(failed)
        assert len(receiver.requests) == 4
        [notice] = await notifications(fresh_nats.url, "hotstack.notification.failed.v1")
        assert notice.data.about_event_id == event_id
        assert notice.data.attempts == 4
        assert notice.data.reason == "retries exhausted"

        [delivery] = (await client.get("/api/deliveries?status=failed", headers=HEADERS)).json()
        detail = (await client.get(f"/api/deliveries/{delivery['id']}", headers=HEADERS)).json()
        assert [a["response_status"] for a in detail["attempt_log"]] == [500, 500, 500, 500]
        assert all(
            a["request_headers"]["webhook-signature"] == "[redacted]" for a in detail["attempt_log"]
        )
        assert detail["attempt_log"][0]["response_excerpt"] == "ok"

        receiver.script = [(200, {})]
        since = "2000-01-01T00:00:00+00:00"
        replayed = await client.post(
            "/api/deliveries/replay", json={"since": since}, headers=HEADERS
        )
        assert replayed.json() == {"replayed": 1}

        async def redelivered() -> bool:
            rows = (await client.get("/api/deliveries", headers=HEADERS)).json()
            return bool(rows[0]["status"] == "succeeded")

        await eventually(redelivered)
        assert receiver.requests[-1][1]["webhook-id"] == f"msg_{event_id}"


async def test_a_restart_mid_schedule_loses_no_delivery(
    database_url: str, fresh_nats: NatsServer, tmp_path: Path, receiver: Receiver
) -> None:
    receiver.script = [(500, {}), (200, {})]
    settings = settings_for(database_url, fresh_nats.url, tmp_path, (0, 1.5))
    async with notifier(settings) as (_, client):
        await register(client, receiver.url)
        await publish_upload(fresh_nats.url)

        async def first() -> bool:
            return len(receiver.requests) == 1

        await eventually(first)
    assert len(receiver.requests) == 1  # stopped before the retry was due
    async with notifier(settings) as (_, client):

        async def delivered() -> bool:
            rows = (await client.get("/api/deliveries", headers=HEADERS)).json()
            return bool(rows) and rows[0]["status"] == "succeeded"

        await eventually(delivered)
    assert len(receiver.requests) == 2
    assert receiver.requests[0][1]["webhook-id"] == receiver.requests[1][1]["webhook-id"]


async def test_hostile_endpoint_urls_are_refused_at_registration(
    database_url: str, fresh_nats: NatsServer, tmp_path: Path
) -> None:
    settings = settings_for(database_url, fresh_nats.url, tmp_path, (0,))
    settings.webhook_allow_loopback = False
    async with notifier(settings) as (_, client):
        hostile = (
            "http://127.0.0.1/x",
            "http://169.254.169.254/",
            "ftp://example.com/",
            "http://localhost/x",  # a name: refused once resolved, at registration already
            "http://localhost.:8080/hook",
        )
        for url in hostile:
            response = await client.post(
                "/api/webhooks", json={"url": url, "event_types": ["*"]}, headers=HEADERS
            )
            assert response.status_code == 422, url
            if "localhost" in url:
                assert "loopback" in response.text, response.text


async def test_an_email_that_cannot_be_sent_ends_in_notification_failed(
    database_url: str, fresh_nats: NatsServer, tmp_path: Path
) -> None:
    refusing = Controller(RefuseEverything(), hostname="127.0.0.1", port=free_port())
    refusing.start()  # a real SMTP server that refuses every message (554)
    settings = settings_for(database_url, fresh_nats.url, tmp_path, (0,))
    settings.smtp_port = refusing.port
    settings.smtp_timeout_seconds = 5.0
    settings.max_deliver = 2
    settings.nak_delays_seconds = (0.1,)
    async with notifier(settings) as (app, _):
        upload = upload_received(TENANT, contact_email="x@tenant.example")
        built = build_completed(upload)
        requested = payment_requested(built)
        connection = await nats.connect(fresh_nats.url)
        try:
            js = connection.jetstream()
            for event in (upload, built):
                await js.publish(event.type, event.to_json(), headers={"Nats-Msg-Id": event.id})

            async def preview_known() -> bool:
                runtime = service_of(app).runtime
                async with runtime.engine.connect() as db:
                    found = await db.execute(sa.text("SELECT preview_url FROM contacts"))
                    return any(row.preview_url for row in found)

            await eventually(preview_known)
            await js.publish(
                requested.type, requested.to_json(), headers={"Nats-Msg-Id": requested.id}
            )
        finally:
            await connection.close()

        async def failed() -> bool:
            found = await notifications(fresh_nats.url, "hotstack.notification.failed.v1")
            return any(e.data.channel == "email" for e in found)

        await eventually(failed)
        [notice] = [
            e
            for e in await notifications(fresh_nats.url, "hotstack.notification.failed.v1")
            if e.data.channel == "email"
        ]
        assert notice.data.recipient == "x@tenant.example"
        assert notice.data.kind == "preview_ready"
        assert notice.data.about_event_id == requested.id
        assert "554" in notice.data.reason
    refusing.stop()


class RefuseEverything:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return "554 Transaction failed: refused for the test"


async def test_an_endpoint_failing_past_the_window_is_disabled(
    database_url: str, fresh_nats: NatsServer, tmp_path: Path, receiver: Receiver
) -> None:
    receiver.script = [(500, {})]
    settings = settings_for(database_url, fresh_nats.url, tmp_path, (0,) + (0.2,) * 20)
    settings.webhook_disable_after_seconds = 0.5
    async with notifier(settings) as (_, client):
        await register(client, receiver.url)
        await publish_upload(fresh_nats.url)

        async def disabled() -> bool:
            return not (await client.get("/api/webhooks", headers=HEADERS)).json()[0]["enabled"]

        await eventually(disabled)
        endpoint = (await client.get("/api/webhooks", headers=HEADERS)).json()[0]
        assert endpoint["disabled_reason"] == "failing continuously"
        assert 2 <= len(receiver.requests) < 21  # stopped well before the schedule ran out
        [notice] = await notifications(fresh_nats.url, "hotstack.notification.failed.v1")
        assert notice.data.reason == "failing continuously"
