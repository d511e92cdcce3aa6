"""Notifier HTTP routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from hotstack_libs.auth import Principal
from hotstack_libs.http import Runtime, authorize, get_runtime
from hotstack_libs.timeutil import as_utc

from . import store

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
    principal: Annotated[Principal, Depends(authorize("notifications:read"))],
    runtime: Annotated[Runtime, Depends(get_runtime)],
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[NotificationView]:
    """Emails and webhooks sent for this tenant, newest first."""
    async with runtime.sessions() as session:
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
