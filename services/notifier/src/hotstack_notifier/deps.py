"""What the notifier's code is given (built only by `bootstrap`), and route aliases."""

from __future__ import annotations

from dataclasses import dataclass
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
    """The runtime, the emails sender, the webhook secrets' box and the DNS resolver."""

    notifier: Notifier
    box: SecretBox
    resolver: Resolver


Deps = Annotated[Dependencies, Depends(provided(Dependencies))]
NotificationsReader = Annotated[Principal, Depends(authorize("notifications:read"))]
WebhooksReader = Annotated[Principal, Depends(authorize("webhooks:read"))]
WebhooksWriter = Annotated[Principal, Depends(authorize("webhooks:write"))]
