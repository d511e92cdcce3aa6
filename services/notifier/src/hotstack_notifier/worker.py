"""The delivery worker: sends due webhook deliveries, signed, and records each attempt."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any

import httpx

from hotstack_contracts import Envelope, NotificationFailed, NotificationSent
from hotstack_libs.bus import Transaction, TransactionFactory
from hotstack_libs.logging import get_logger
from hotstack_libs.tasks import IdleBackoff, stop_if_cancelling, woken
from hotstack_libs.timeutil import as_utc, utcnow

from . import store
from .delivery import Resolver, post_pinned, system_resolver
from .domain.signing import headers
from .domain.ssrf import ForbiddenDestinationError
from .domain.webhooks import judge, next_attempt
from .endpoints import SecretBox

log = get_logger(__name__)
SOURCE = "hotstack/notifier"
EXCERPT_BYTES = 1024


def _redact(sent: dict[str, str]) -> dict[str, str]:
    return {k: ("[redacted]" if k == "webhook-signature" else v) for k, v in sent.items()}


class DeliveryWorker:
    """Attempts due deliveries on the retry schedule; survives restarts (state is in the store)."""

    def __init__(
        self,
        transactions: TransactionFactory,
        box: SecretBox,
        *,
        schedule: Sequence[float],
        lease_seconds: float,
        poll_seconds: float,
        disable_after_seconds: float,
        allow_loopback: bool,
        resolver: Resolver = system_resolver,
        on_disabled: Callable[[str, str, str], Awaitable[None]] | None = None,
        due: asyncio.Event | None = None,
        idle_poll_seconds: float = 60.0,
    ) -> None:
        self.transactions = transactions
        self.box = box
        self.schedule = tuple(schedule)
        self.lease = timedelta(seconds=lease_seconds)
        self.poll_seconds = poll_seconds
        self.disable_after = timedelta(seconds=disable_after_seconds)
        self.allow_loopback = allow_loopback
        self.resolver = resolver
        self.on_disabled = on_disabled
        # Set when a fan-out commits new deliveries: they go at once. Polling finds the
        # retries coming due, so at rest it slows down to `idle_poll_seconds`.
        self.due = due or asyncio.Event()
        self.idle = IdleBackoff(poll_seconds, idle_poll_seconds)

    async def run(self) -> None:
        """Deliver until cancelled."""
        while True:
            self.due.clear()  # before the pass: a fan-out committed during it wakes the next
            try:
                worked = await self.deliver_due()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                stop_if_cancelling(error)
                log.warning("webhooks.pass_failed", error=str(error))
                worked = -1  # try again soon
            if worked > 0:
                continue
            wait = self.idle.after(worked=worked != 0)
            if worked == 0:
                wait = min(wait, await self._until_next_due())
            if await woken(self.due, wait):
                self.idle.reset()

    async def _until_next_due(self) -> float:
        """Seconds until the soonest scheduled retry comes due (no more than a minute)."""
        try:
            async with self.transactions() as tx:
                soonest = await store.next_attempt_at(tx.session)
        except Exception as error:
            stop_if_cancelling(error)
            return self.poll_seconds
        if soonest is None:
            return 60.0
        return max(0.05, (soonest - utcnow()).total_seconds())

    async def deliver_due(self, limit: int = 20) -> int:
        """Claim due deliveries, attempt them concurrently, record the outcomes."""
        now = utcnow()
        async with self.transactions() as tx:
            claimed = await store.claim_due(tx.session, now, now + self.lease, limit)
            work = []
            for delivery in claimed:
                endpoint = await tx.session.get(store.WebhookEndpoint, delivery.endpoint_id)
                if endpoint is None or not endpoint.enabled:
                    delivery.status, delivery.next_attempt_at = "failed", None
                    delivery.last_error = "endpoint removed or disabled"
                    continue
                work.append(
                    (
                        delivery.id,
                        delivery.attempts,
                        endpoint.url,
                        self._secrets(endpoint),
                        delivery,
                    )
                )
        results = await asyncio.gather(
            *(self._attempt(url, secrets, d) for _, _, url, secrets, d in work)
        )
        for (delivery_id, attempt, _, _, _), result in zip(work, results, strict=True):
            await self._record(delivery_id, attempt, result)
        return len(claimed)

    def _secrets(self, endpoint: store.WebhookEndpoint) -> list[str]:
        secrets = [self.box.open(endpoint.secret_encrypted)]
        previous, until = endpoint.previous_secret_encrypted, endpoint.previous_expires_at
        if previous and until and as_utc(until) > utcnow():
            secrets.append(self.box.open(previous))
        return secrets

    async def _attempt(
        self, url: str, secrets: list[str], delivery: store.WebhookDelivery
    ) -> dict[str, Any]:
        sent = headers(secrets, delivery.message_id, int(time.time()), delivery.payload)
        started = time.perf_counter()
        result: dict[str, Any] = {"request_headers": _redact(sent)}
        try:
            response = await post_pinned(
                url,
                delivery.payload,
                sent,
                resolver=self.resolver,
                allow_loopback=self.allow_loopback,
            )
        except (httpx.HTTPError, ForbiddenDestinationError, OSError) as error:
            result.update(status=None, error=f"{type(error).__name__}: {error}", retry_after=None)
        else:
            result.update(
                status=response.status_code,
                response_headers=dict(response.headers),
                excerpt=response.content[:EXCERPT_BYTES].decode("utf-8", "replace"),
                retry_after=response.headers.get("retry-after"),
                error=None,
            )
        result["duration_ms"] = int((time.perf_counter() - started) * 1000)
        return result

    async def _record(self, delivery_id: str, attempt: int, result: dict[str, Any]) -> None:
        disabled = await self._apply_result(delivery_id, attempt, result)
        if disabled is not None and self.on_disabled is not None:
            try:
                await self.on_disabled(*disabled)
            except Exception as error:  # the notification.failed event already records it
                log.warning("webhooks.disabled_notice_failed", error=str(error))

    async def _apply_result(
        self, delivery_id: str, attempt: int, result: dict[str, Any]
    ) -> tuple[str, str, str] | None:
        """Record one attempt; return (tenant, url, reason) when it disabled the endpoint."""
        now = utcnow()
        disabled: tuple[str, str, str] | None = None
        async with self.transactions() as tx:
            delivery = await tx.session.get(store.WebhookDelivery, delivery_id)
            endpoint = (
                await tx.session.get(store.WebhookEndpoint, delivery.endpoint_id)
                if delivery
                else None
            )
            if delivery is None or endpoint is None:
                return None
            tx.session.add(
                store.WebhookAttempt(
                    delivery_id=delivery_id,
                    attempt=attempt,
                    request_headers=json.dumps(result["request_headers"]),
                    response_status=result.get("status"),
                    response_headers=json.dumps(result.get("response_headers"))
                    if result.get("response_headers")
                    else None,
                    response_excerpt=result.get("excerpt"),
                    duration_ms=result["duration_ms"],
                    error=result.get("error"),
                )
            )
            delivery.last_status, delivery.last_error = result.get("status"), result.get("error")
            outcome = judge(result.get("status"), result.get("retry_after"), now)
            if outcome.succeeded:
                delivery.status, delivery.next_attempt_at, delivery.completed_at = (
                    "succeeded",
                    None,
                    now,
                )
                endpoint.failing_since = None
                self._emit(tx, delivery, sent=True)
                return None
            endpoint.failing_since = endpoint.failing_since or now
            if (
                outcome.disable_endpoint
                or now - as_utc(endpoint.failing_since) > self.disable_after
            ):
                endpoint.enabled = False
                endpoint.disabled_reason = (
                    "the receiver answered 410 Gone"
                    if outcome.disable_endpoint
                    else "failing continuously"
                )
                disabled = (endpoint.tenant_id, endpoint.url, endpoint.disabled_reason)
            when = (
                None
                if not endpoint.enabled
                else next_attempt(self.schedule, attempt, outcome.retry_after, now)
            )
            if when is None:
                delivery.status, delivery.next_attempt_at, delivery.completed_at = (
                    "failed",
                    None,
                    now,
                )
                self._emit(
                    tx, delivery, sent=False, reason=endpoint.disabled_reason or "retries exhausted"
                )
            else:
                delivery.next_attempt_at = when
        return disabled

    def _emit(
        self, tx: Transaction, delivery: store.WebhookDelivery, *, sent: bool, reason: str = ""
    ) -> None:
        if delivery.event_type.startswith("hotstack.notification."):
            return  # never notify about notifications: no feedback loops
        data: NotificationSent | NotificationFailed
        if sent:
            data = NotificationSent(
                notification_id=delivery.id,
                channel="webhook",
                recipient=delivery.endpoint_id,
                kind=delivery.event_type,
                about_event_id=delivery.event_id,
            )
        else:
            data = NotificationFailed(
                notification_id=delivery.id,
                channel="webhook",
                recipient=delivery.endpoint_id,
                kind=delivery.event_type,
                about_event_id=delivery.event_id,
                reason=reason,
                attempts=max(delivery.attempts, 1),
            )
        tx.emit(
            Envelope.new(
                data,
                source=SOURCE,
                tenant=delivery.tenant_id,
                correlation_id=delivery.event_id,
                subject=delivery.id,
            )
        )
