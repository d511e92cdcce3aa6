"""Deliveries verify with the standardwebhooks package, across a secret rotation too."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from hotstack_notifier.delivery import post_pinned
from hotstack_notifier.domain.signing import check_issued_secret, generate_secret, headers, sign

pytestmark = pytest.mark.unit


def test_the_spec_test_vector() -> None:
    secret = "whsec_plJ3nmyCDGBKInavdOK15jsl"
    body = b'{"event_type":"ping","data":{"success":true}}'
    expected = "v1,rAvfW3dJ/X/qxhsaXPOyyCGmRKsaKWcsNccKXlIktD0="
    assert sign(secret, "msg_loFOjxBNrRLzqYUf", 1731705121, body) == expected


def test_issued_secrets_hold_24_to_64_bytes() -> None:
    assert check_issued_secret(generate_secret())
    with pytest.raises(ValueError, match="24 to 64"):
        check_issued_secret("whsec_plJ3nmyCDGBKInavdOK15jsl")


def test_both_secrets_sign_during_rotation_and_either_verifies() -> None:
    old, new = generate_secret(), generate_secret()
    body = json.dumps({"type": "hotstack.site.published.v1", "data": {"slug": "x"}}).encode()
    now = int(time.time())
    sent = headers([new, old], "msg_1", now, body)
    assert len(sent["webhook-signature"].split(" ")) == 2
    for secret in (old, new):
        assert Webhook(secret).verify(body, sent) == json.loads(body)
    with pytest.raises(WebhookVerificationError):
        Webhook(generate_secret()).verify(body, sent)
    with pytest.raises(WebhookVerificationError):
        Webhook(new).verify(body + b" ", sent)


class Receiver(BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], bytes]] = []

    def do_POST(self) -> None:
        length = int(self.headers["content-length"])
        Receiver.received.append((dict(self.headers), self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[int]:
    Receiver.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


async def test_a_pinned_delivery_reaches_the_checked_address_and_verifies(receiver: int) -> None:
    secret = generate_secret()
    body = b'{"type":"hotstack.site.published.v1"}'
    sent = headers([secret], "msg_2", int(time.time()), body)

    async def rebinding_resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]  # a name that resolves to loopback

    response = await post_pinned(
        f"http://hooks.test:{receiver}/in",
        body,
        sent,
        resolver=rebinding_resolver,
        allow_loopback=True,
    )
    assert response.status_code == 204
    got_headers, got_body = Receiver.received[0]
    lowered = {k.lower(): v for k, v in got_headers.items()}
    assert lowered["host"] == f"hooks.test:{receiver}"
    assert Webhook(secret).verify(got_body, lowered) == json.loads(body)


async def test_without_the_development_setting_loopback_is_refused(receiver: int) -> None:
    from hotstack_notifier.domain.ssrf import ForbiddenDestinationError

    async def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    with pytest.raises(ForbiddenDestinationError):
        await post_pinned(f"http://hooks.test:{receiver}/in", b"{}", {}, resolver=resolver)
    assert Receiver.received == []
