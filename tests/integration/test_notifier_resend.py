"""An email sent just before a crash (sent, not yet recorded) is sent again on redelivery
under the same Message-ID, so the recipient's mail system can drop the copy; once recorded,
a redelivery sends nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from hotstack_contracts import Envelope, PaymentRequested
from hotstack_libs.http import Runtime
from hotstack_libs.processes import NatsServer
from hotstack_libs.testing.factories import build_completed, upload_received
from hotstack_libs.timeutil import utcnow
from hotstack_notifier import store
from hotstack_notifier.app import create_app
from hotstack_notifier.notifications import Notifier
from hotstack_notifier.settings import Settings

from .test_notifier_ordering import Outbox

pytestmark = pytest.mark.integration


class ProcessDiedError(Exception):
    """Stands for a crash between the send and the commit."""


async def test_an_email_resent_after_a_crash_keeps_its_message_id(
    database_url: str, nats_server: NatsServer, tmp_path: Path
) -> None:
    settings = Settings(
        database_url=database_url, nats_url=nats_server.url, state_dir=tmp_path, environment="test"
    )
    app = create_app(settings)
    mail = Outbox()
    notifier = Notifier(mail, "HotStack <no-reply@mail.example.org>")
    uploaded = upload_received("acme", contact_email="owner@acme.test")
    completed = build_completed(uploaded, site_name="Acme")
    requested = completed.caused(
        PaymentRequested(
            payment_id="pay_1",
            build_id=completed.data.build_id,
            upload_id=uploaded.data.upload_id,
            amount_grains=5900,
            care_loop_grains=885,
            total_grains=6785,
            checkout_url="http://payment/checkout/pay_1?sig=s",
            expires_at=utcnow(),
        ),
        source="hotstack/payment",
        subject="pay_1",
    )

    async def apply(event: Envelope[Any], crash: bool = False) -> None:
        async with runtime.transactions() as tx:
            await notifier.on_event(event, tx)
            if crash:
                raise ProcessDiedError

    async with app.router.lifespan_context(app):
        runtime: Runtime = app.state.runtime
        await apply(uploaded)
        await apply(completed)
        with pytest.raises(ProcessDiedError):
            await apply(requested, crash=True)  # the email went out; its record did not
        await apply(requested)  # the redelivery sends it again
        await apply(requested)  # a later one finds it recorded
        async with runtime.sessions() as session:
            rows = (await session.exec(select(store.Notification))).all()
    assert [m["Subject"] for m in mail.sent] == ["Your preview of Acme is ready — pay here"] * 2
    first, second = (m["Message-ID"] for m in mail.sent)
    assert first == second
    assert [(r.status, f"<{r.id}@mail.example.org>") for r in rows] == [("sent", first)]
