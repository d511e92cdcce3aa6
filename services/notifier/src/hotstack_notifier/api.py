"""Notifier HTTP routes."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import AwareDatetime, BaseModel, Field

from hotstack_libs.http import owned
from hotstack_libs.timeutil import as_utc

from . import store
from .deps import Deps, NotificationsReader, WebhooksReader, WebhooksWriter
from .endpoints import (
    EndpointError,
    attempts_of,
    deliveries_of,
    register_endpoint,
    replay_delivery,
    replay_failed_since,
    rotate_secret,
)

router = APIRouter(prefix="/api", tags=["notifications"])


class NotificationView(BaseModel):
    """A sent notification."""

    notification_id: str
    upload_id: str
    channel: str
    recipient: str
    kind: str
    subject: str
    about_event_id: str
    status: str
    created_at: str


@router.get("/notifications", response_model=list[NotificationView])
async def list_notifications(
    principal: NotificationsReader,
    deps: Deps,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[NotificationView]:
    """Emails and webhooks sent for this tenant, newest first."""
    async with deps.sessions() as session:
        rows = await store.notifications_of(session, principal.tenant, limit)
    return [
        NotificationView(
            notification_id=r.id,
            upload_id=r.upload_id,
            channel=r.channel,
            recipient=r.recipient,
            kind=r.kind,
            subject=r.subject,
            about_event_id=r.about_event_id,
            status=r.status,
            created_at=as_utc(r.created_at).isoformat(),
        )
        for r in rows
    ]


class EndpointRequest(BaseModel):
    """A webhook endpoint to register."""

    url: str = Field(max_length=2048, description="https URL on a public address.")
    event_types: list[str] = Field(
        description="Exact types, `*`, or wildcards like `hotstack.payment.*`.", max_length=50
    )
    secret: str | None = Field(default=None, description="Optional whsec_ secret (24-64 bytes).")


class EndpointView(BaseModel):
    """A registered endpoint; `secret` only appears at creation and rotation."""

    id: str
    url: str
    event_types: list[str]
    enabled: bool
    disabled_reason: str | None
    created_at: str
    secret: str | None = None


class DeliveryView(BaseModel):
    """A delivery and its attempts."""

    id: str
    endpoint_id: str
    event_id: str
    event_type: str
    webhook_id: str
    status: str
    attempts: int
    last_status: int | None
    last_error: str | None
    next_attempt_at: str | None


def _endpoint_view(endpoint: store.WebhookEndpoint, secret: str | None = None) -> EndpointView:
    return EndpointView(
        id=endpoint.id,
        url=endpoint.url,
        event_types=json.loads(endpoint.event_types),
        enabled=endpoint.enabled,
        disabled_reason=endpoint.disabled_reason,
        created_at=as_utc(endpoint.created_at).isoformat(),
        secret=secret,
    )


@router.post("/webhooks", status_code=status.HTTP_201_CREATED, response_model=EndpointView)
async def register(
    body: EndpointRequest,
    principal: WebhooksWriter,
    deps: Deps,
) -> EndpointView:
    """Register an endpoint; its secret is shown this once."""
    try:
        endpoint, secret = await register_endpoint(
            deps.transactions,
            deps.box,
            tenant=principal.tenant,
            url=body.url,
            event_types=body.event_types,
            secret=body.secret,
            allow_loopback=deps.settings.webhook_allow_loopback,
        )
    except EndpointError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error
    return _endpoint_view(endpoint, secret)


@router.get("/webhooks", response_model=list[EndpointView])
async def list_endpoints(
    principal: WebhooksReader,
    deps: Deps,
) -> list[EndpointView]:
    """The tenant's endpoints (without secrets)."""
    async with deps.sessions() as session:
        return [_endpoint_view(e) for e in await store.endpoints_of(session, principal.tenant)]


@router.delete("/webhooks/{endpoint_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_endpoint(
    endpoint_id: str,
    principal: WebhooksWriter,
    deps: Deps,
) -> None:
    """Stop delivering to an endpoint (its history stays)."""
    async with deps.transactions() as tx:
        found = await tx.session.get(store.WebhookEndpoint, endpoint_id)
        endpoint = owned(found, principal.tenant, "endpoint")
        endpoint.enabled = False
        endpoint.disabled_reason = "deleted by the tenant"


@router.post("/webhooks/{endpoint_id}/rotate-secret", response_model=EndpointView)
async def rotate(
    endpoint_id: str,
    principal: WebhooksWriter,
    deps: Deps,
) -> EndpointView:
    """A new secret (shown once); the old one also signs during the grace period."""
    secret = await rotate_secret(
        deps.transactions,
        deps.box,
        endpoint_id,
        principal.tenant,
        deps.settings.webhook_rotation_grace_seconds,
    )
    if secret is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "endpoint not found")
    async with deps.sessions() as session:
        endpoint = await session.get(store.WebhookEndpoint, endpoint_id)
    assert endpoint is not None
    return _endpoint_view(endpoint, secret)


@router.get("/deliveries", response_model=list[DeliveryView])
async def list_deliveries(
    principal: WebhooksReader,
    deps: Deps,
    status_filter: Annotated[str | None, Query(alias="status")] = None,
    endpoint_id: str | None = None,
    event_type: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[DeliveryView]:
    """Deliveries, newest first; filter by status (pending, succeeded, failed), endpoint, type."""
    rows = await deliveries_of(
        deps.transactions,
        principal.tenant,
        status_filter,
        limit,
        endpoint_id=endpoint_id,
        event_type=event_type,
    )
    return [_delivery_view(d) for d in rows]


def _delivery_view(d: store.WebhookDelivery) -> DeliveryView:
    return DeliveryView(
        id=d.id,
        endpoint_id=d.endpoint_id,
        event_id=d.event_id,
        event_type=d.event_type,
        webhook_id=d.message_id,
        status=d.status,
        attempts=d.attempts,
        last_status=d.last_status,
        last_error=d.last_error,
        next_attempt_at=as_utc(d.next_attempt_at).isoformat() if d.next_attempt_at else None,
    )


class AttemptView(BaseModel):
    """One attempt: what was sent (signature redacted) and what came back."""

    attempt: int
    at: str
    request_headers: dict[str, str]
    response_status: int | None
    response_headers: dict[str, str] | None
    response_excerpt: str | None
    duration_ms: int
    error: str | None


class DeliveryDetail(DeliveryView):
    """A delivery with its attempt log."""

    attempt_log: list[AttemptView]


@router.get("/deliveries/{delivery_id}", response_model=DeliveryDetail)
async def get_delivery(
    delivery_id: str,
    principal: WebhooksReader,
    deps: Deps,
) -> DeliveryDetail:
    """A delivery and every attempt made."""
    async with deps.sessions() as session:
        found = await session.get(store.WebhookDelivery, delivery_id)
    delivery = owned(found, principal.tenant, "delivery")
    attempts = await attempts_of(deps.transactions, delivery_id)
    return DeliveryDetail(
        **_delivery_view(delivery).model_dump(),
        attempt_log=[
            AttemptView(
                attempt=a.attempt,
                at=as_utc(a.at).isoformat(),
                request_headers=json.loads(a.request_headers),
                response_status=a.response_status,
                response_headers=json.loads(a.response_headers) if a.response_headers else None,
                response_excerpt=a.response_excerpt,
                duration_ms=a.duration_ms,
                error=a.error,
            )
            for a in attempts
        ],
    )


class ReplaySince(BaseModel):
    """Replay every failed delivery created since a time."""

    since: AwareDatetime


@router.post("/deliveries/replay", status_code=status.HTTP_202_ACCEPTED)
async def replay_since(
    body: ReplaySince,
    principal: WebhooksWriter,
    deps: Deps,
) -> dict[str, int]:
    """Schedule again every failed delivery since `since`."""
    count = await replay_failed_since(deps.transactions, principal.tenant, body.since)
    return {"replayed": count}


@router.post("/deliveries/{delivery_id}/replay", status_code=status.HTTP_202_ACCEPTED)
async def replay(
    delivery_id: str,
    principal: WebhooksWriter,
    deps: Deps,
) -> dict[str, str]:
    """Deliver again now, under the same webhook-id."""
    if not await replay_delivery(deps.transactions, delivery_id, principal.tenant):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "delivery not found")
    return {"status": "pending"}
