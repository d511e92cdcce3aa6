"""What the upload service's code is given (built only by `bootstrap`), and route aliases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from hotstack_libs.auth import Principal
from hotstack_libs.documents import Sandbox
from hotstack_libs.http import ServiceDependencies, authorize, provided
from hotstack_libs.mail import Mailer

from .settings import Settings


@dataclass(frozen=True)
class Dependencies(ServiceDependencies[Settings]):
    """The runtime, the document sandbox that confirms each brief, and the mailer."""

    documents: Sandbox
    mailer: Mailer


Deps = Annotated[Dependencies, Depends(provided(Dependencies))]
UploadsReader = Annotated[Principal, Depends(authorize("uploads:read"))]
UploadsWriter = Annotated[Principal, Depends(authorize("uploads:write"))]
