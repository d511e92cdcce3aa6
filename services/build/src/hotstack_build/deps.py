"""What the build service's code is given (built only by `bootstrap`), and route aliases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from hotstack_libs.auth import Principal
from hotstack_libs.http import ServiceDependencies, authorize, provided

from .settings import Settings


@dataclass(frozen=True)
class Dependencies(ServiceDependencies[Settings]):
    """The runtime: the build service needs nothing more."""


Deps = Annotated[Dependencies, Depends(provided(Dependencies))]
BuildsReader = Annotated[Principal, Depends(authorize("builds:read"))]
BuildsWriter = Annotated[Principal, Depends(authorize("builds:write"))]
FormsReader = Annotated[Principal, Depends(authorize("forms:read"))]
