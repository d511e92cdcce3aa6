"""Webhook endpoints, fan-out of events into scheduled deliveries, and the delivery worker."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

import httpx
from cryptography.fernet import Fernet
from sqlmodel import select

from hotstack_contracts import Envelope, NotificationFailed, NotificationSent, new_id
from hotstack_libs.bus import Transaction, TransactionFactory
from hotstack_libs.logging import get_logger
from hotstack_libs.tasks import stop_if_cancelling
from hotstack_libs.timeutil import as_utc, utcnow

from . import store
from .delivery import Resolver, post_pinned, system_resolver
from .domain.signing import check_issued_secret, generate_secret, headers
from .domain.ssrf import ForbiddenDestinationError, choose_address, parse_destination
from .domain.webhooks import judge, matches, next_attempt

log = get_logger(__name__)
SOURCE = "hotstack/notifier"
EXCERPT_BYTES = 1024


class SecretBox:
    """Encrypts endpoint secrets at rest (Fernet, key derived from the service secret)."""

    def __init__(self, key_material: str) -> None:
        key = hashlib.sha256(b"hotstack-webhook-secrets\x00" + key_material.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def seal(self, secret: str) -> str:
        """Encrypt."""
        return self._fernet.encrypt(secret.encode()).decode()

    def open(self, sealed: str) -> str:
        """Decrypt."""
        return self._fernet.decrypt(sealed.encode()).decode()


class EndpointError(ValueError):
    """A registration that cannot be accepted; the message says why."""


def check_filters(event_types: Sequence[str]) -> list[str]:
    """Event-type filters: exact subjects, `*`, or `prefix.*`."""
    cleaned = sorted({t.strip() for t in event_types if t.strip()})
    if not cleaned:
        raise EndpointError("event_types needs at least one type, `*` or `prefix.*`")
    for pattern in cleaned:
        if pattern != "*" and not pattern.startswith("hotstack."):
            raise EndpointError(f"event type {pattern!r} is not a hotstack event type or wildcard")
    return cleaned


def _payload(envelope: Envelope[Any]) -> bytes:
    return json.dumps(
        {
            "type": envelope.type,
            "id": envelope.id,
            "timestamp": envelope.time.isoformat(),
            "data": envelope.data.model_dump(mode="json"),
        },
        separators=(",", ":"),
    ).encode()


async def fan_out(envelope: Envelope[Any], tx: Transaction) -> None:
    """Schedule a delivery of `envelope` to each of its tenant's matching endpoints."""
    endpoints = await store.endpoints_of(tx.session, envelope.tenantid)
    for endpoint in endpoints:
        if not endpoint.enabled or not matches(json.loads(endpoint.event_types), envelope.type):
            continue
        tx.session.add(
            store.WebhookDelivery(
                id=new_id("dlv"),
                tenant_id=envelope.tenantid,
                endpoint_id=endpoint.id,
                event_id=envelope.id,
                event_type=envelope.type,
                message_id=f"msg_{envelope.id}",  # stable across retries: the receiver's key
                payload=_payload(envelope),
                status="pending",
                next_attempt_at=utcnow(),
            )
        )


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

    async def run(self) -> None:
        """Deliver until cancelled."""
        while True:
            try:
                worked = await self.deliver_due()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                stop_if_cancelling(error)
                log.warning("webhooks.pass_failed", error=str(error))
                worked = 0
            if not worked:
                await asyncio.sleep(self.poll_seconds)

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


async def register_endpoint(
    transactions: TransactionFactory,
    box: SecretBox,
    *,
    tenant: str,
    url: str,
    event_types: Sequence[str],
    secret: str | None,
    allow_loopback: bool,
    resolver: Resolver = system_resolver,
) -> tuple[store.WebhookEndpoint, str]:
    """Add an endpoint; return it and its secret (shown once).

    A hostname is resolved now as well as at each delivery: one that resolves to a refused
    address ("localhost", a name pointing at 10.0.0.5) is refused here with the reason. One
    that does not resolve yet is accepted; delivery checks again, every time."""
    try:
        destination = parse_destination(url, allow_loopback=allow_loopback)
        if destination.literal is None:
            try:
                addresses = await resolver(destination.host, destination.port)
            except OSError:
                addresses = []
            if addresses:
                choose_address(addresses, allow_loopback=allow_loopback)
        secret = check_issued_secret(secret) if secret else generate_secret()
    except (ForbiddenDestinationError, ValueError) as error:
        raise EndpointError(str(error)) from error
    endpoint = store.WebhookEndpoint(
        id=new_id("ep"),
        tenant_id=tenant,
        url=url,
        event_types=json.dumps(check_filters(event_types)),
        secret_encrypted=box.seal(secret),
    )
    async with transactions() as tx:
        tx.session.add(endpoint)
    return endpoint, secret


async def rotate_secret(
    transactions: TransactionFactory,
    box: SecretBox,
    endpoint_id: str,
    tenant: str,
    grace_seconds: float,
) -> str | None:
    """A new secret; the old one keeps signing (beside it) for the grace period."""
    async with transactions() as tx:
        endpoint = await tx.session.get(store.WebhookEndpoint, endpoint_id)
        if endpoint is None or endpoint.tenant_id != tenant:
            return None
        secret = generate_secret()
        endpoint.previous_secret_encrypted = endpoint.secret_encrypted
        endpoint.previous_expires_at = utcnow() + timedelta(seconds=grace_seconds)
        endpoint.secret_encrypted = box.seal(secret)
    return secret


async def replay_delivery(transactions: TransactionFactory, delivery_id: str, tenant: str) -> bool:
    """Schedule a delivery again, now, under the same webhook-id."""
    async with transactions() as tx:
        delivery = await tx.session.get(store.WebhookDelivery, delivery_id)
        if delivery is None or delivery.tenant_id != tenant:
            return False
        delivery.status, delivery.next_attempt_at, delivery.attempts = "pending", utcnow(), 0
        delivery.completed_at = None
    return True


async def replay_failed_since(
    transactions: TransactionFactory, tenant: str, since: datetime
) -> int:
    """Schedule again every failed delivery created since `since`; return how many."""
    async with transactions() as tx:
        result = await tx.session.exec(
            select(store.WebhookDelivery).where(
                store.WebhookDelivery.tenant_id == tenant,
                store.WebhookDelivery.status == "failed",
                store.WebhookDelivery.created_at >= since,
            )
        )
        rows = list(result.all())
        for delivery in rows:
            delivery.status, delivery.next_attempt_at, delivery.attempts = "pending", utcnow(), 0
            delivery.completed_at = None
    return len(rows)


async def attempts_of(
    transactions: TransactionFactory, delivery_id: str
) -> list[store.WebhookAttempt]:
    """A delivery's attempts in order."""
    async with transactions() as tx:
        result = await tx.session.exec(
            select(store.WebhookAttempt)
            .where(store.WebhookAttempt.delivery_id == delivery_id)
            .order_by(store.WebhookAttempt.attempt, store.WebhookAttempt.id)  # type: ignore[arg-type]
        )
        return list(result.all())


async def deliveries_of(
    transactions: TransactionFactory,
    tenant: str,
    status: str | None,
    limit: int,
    *,
    endpoint_id: str | None = None,
    event_type: str | None = None,
) -> list[store.WebhookDelivery]:
    """A tenant's deliveries, newest first, optionally filtered."""
    async with transactions() as tx:
        query = select(store.WebhookDelivery).where(store.WebhookDelivery.tenant_id == tenant)
        if status:
            query = query.where(store.WebhookDelivery.status == status)
        if endpoint_id:
            query = query.where(store.WebhookDelivery.endpoint_id == endpoint_id)
        if event_type:
            query = query.where(store.WebhookDelivery.event_type == event_type)
        result = await tx.session.exec(
            query.order_by(store.WebhookDelivery.created_at.desc()).limit(limit)  # type: ignore[attr-defined]
        )
        return list(result.all())
