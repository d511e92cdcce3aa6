"""What the payment service's code is given (built only by `bootstrap`), and route aliases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from hotstack_libs.auth import Principal
from hotstack_libs.http import ServiceDependencies, authorize, provided

from .providers import PaymentProvider
from .settings import Settings


@dataclass(frozen=True)
class Dependencies(ServiceDependencies[Settings]):
    """The runtime and the payment processor."""

    provider: PaymentProvider


Deps = Annotated[Dependencies, Depends(provided(Dependencies))]
PaymentsReader = Annotated[Principal, Depends(authorize("payments:read"))]
PaymentsWriter = Annotated[Principal, Depends(authorize("payments:write"))]
