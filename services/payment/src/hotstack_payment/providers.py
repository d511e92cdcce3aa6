"""Card processors behind one interface; the sandbox reports late outcomes by signed webhook,
and, as any processor, answers what became of a charge when asked (`retrieve`)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

import httpx

from hotstack_contracts import new_id
from hotstack_libs.logging import get_logger

from .domain.sandbox import FAILED_LATER, ChargeResult, charge, outcome, reference_prefix
from .domain.signatures import sign

log = get_logger(__name__)

Deliver = Callable[[bytes, str], Awaitable[None]]


class PaymentProvider(Protocol):
    """Charges cards; outcomes not known at once arrive later as webhooks."""

    name: str

    async def charge(
        self, payment_id: str, amount_grains: int, card_number: str, *, idempotency_key: str
    ) -> tuple[ChargeResult, str]:
        """Charge; return the result and the provider's reference. A second call with the
        same `idempotency_key` is the first charge again, never a second one (as Stripe's
        `Idempotency-Key`)."""
        ...

    async def retrieve(self, reference: str) -> ChargeResult:
        """What became of the charge `reference` (`pending` while the bank decides)."""
        ...


def webhook_body(
    event_type: str, payment_id: str, reference: str, code: str, message: str
) -> bytes:
    """A provider event, as the sandbox sends it."""
    return json.dumps(
        {
            "id": new_id("evt_sbx"),
            "type": event_type,
            "created": int(time.time()),
            "data": {
                "payment_id": payment_id,
                "reference": reference,
                "code": code,
                "message": message,
            },
        }
    ).encode()


class SandboxProvider:
    """Test cards: 4242… succeeds, 4000…0002 declines, 4000…0341 fails later (by webhook)."""

    name = "sandbox"

    def __init__(self, secret: str, deliver: Deliver, delay_seconds: float) -> None:
        self.secret = secret
        self.deliver = deliver
        self.delay_seconds = delay_seconds
        self._tasks: set[asyncio.Task[None]] = set()

    async def charge(
        self, payment_id: str, amount_grains: int, card_number: str, *, idempotency_key: str
    ) -> tuple[ChargeResult, str]:
        """Charge a sandbox test card (it holds no money, so a repeated charge is harmless
        and the key is not kept)."""
        result = charge(card_number)
        reference = new_id(reference_prefix(result))
        if result.status == "pending":
            body = webhook_body(
                "charge.failed", payment_id, reference, FAILED_LATER.code, FAILED_LATER.message
            )
            task = asyncio.create_task(self._report_later(body))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return result, reference

    async def retrieve(self, reference: str) -> ChargeResult:
        """The charge's outcome, read from its reference (the sandbox keeps no state)."""
        return outcome(reference, time.time_ns() // 1_000_000, self.delay_seconds)

    async def _report_later(self, body: bytes) -> None:
        await asyncio.sleep(self.delay_seconds)
        for attempt in range(5):
            try:
                await self.deliver(body, sign(body, self.secret, int(time.time())))
                return
            except Exception as error:
                log.warning("sandbox.webhook_failed", attempt=attempt + 1, error=str(error))
                await asyncio.sleep(2**attempt)


def http_deliver(url: str) -> Deliver:
    """Deliver webhooks by POSTing them to `url`."""

    async def deliver(body: bytes, signature: str) -> None:
        async with httpx.AsyncClient(timeout=10.0) as client:
            response = await client.post(
                url,
                content=body,
                headers={"Stripe-Signature": signature, "Content-Type": "application/json"},
            )
            response.raise_for_status()

    return deliver
