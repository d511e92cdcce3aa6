"""What the ledger service's code is given (built only by `bootstrap`), and route aliases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from hotstack_libs.auth import Principal
from hotstack_libs.http import ServiceDependencies, authorize, provided

from .checkpoints import Checkpointer
from .settings import Settings


@dataclass(frozen=True)
class Dependencies(ServiceDependencies[Settings]):
    """The runtime and the checkpointer that signs each tenant's tree head."""

    checkpointer: Checkpointer


Deps = Annotated[Dependencies, Depends(provided(Dependencies))]
LedgerReader = Annotated[Principal, Depends(authorize("ledger:read"))]
