"""What the notifier's code is given (built only by `bootstrap`), and route aliases."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends

from hotstack_libs.auth import Principal
from hotstack_libs.http import ServiceDependencies, authorize, provided

from .delivery import Resolver
from .endpoints import SecretBox
from .service import Notifier
from .settings import Settings


@dataclass(frozen=True)
class Dependencies(ServiceDependencies[Settings]):
    """The runtime, the emails sender, the webhook secrets' box, the DNS resolver, and the
    signal that deliveries are due."""

    notifier: Notifier
    box: SecretBox
    resolver: Resolver
    deliveries_due: asyncio.Event = field(default_factory=asyncio.Event)
    """Set when webhook deliveries were committed: the delivery worker goes at once."""


Deps = Annotated[Dependencies, Depends(provided(Dependencies))]
NotificationsReader = Annotated[Principal, Depends(authorize("notifications:read"))]
WebhooksReader = Annotated[Principal, Depends(authorize("webhooks:read"))]
WebhooksWriter = Annotated[Principal, Depends(authorize("webhooks:write"))]
