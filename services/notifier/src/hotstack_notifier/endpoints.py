"""Webhook endpoints: register and rotate (secrets sealed at rest), replay, and look up."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from datetime import datetime, timedelta

from cryptography.fernet import Fernet
from sqlmodel import select

from hotstack_contracts import new_id
from hotstack_libs.bus import TransactionFactory
from hotstack_libs.logging import get_logger
from hotstack_libs.timeutil import utcnow

from . import store
from .delivery import Resolver, system_resolver
from .domain.signing import check_issued_secret, generate_secret
from .domain.ssrf import ForbiddenDestinationError, choose_address, parse_destination

log = get_logger(__name__)


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
