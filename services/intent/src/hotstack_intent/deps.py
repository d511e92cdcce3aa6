"""What the intent service's code is given (built only by `bootstrap`), and route aliases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from hotstack_libs.auth import Principal
from hotstack_libs.documents import Sandbox
from hotstack_libs.http import ServiceDependencies, authorize, provided

from .llm import LlmExtractor
from .settings import Settings


@dataclass(frozen=True)
class Dependencies(ServiceDependencies[Settings]):
    """The runtime, the document sandbox that reads briefs, and the model, if configured."""

    documents: Sandbox
    llm: LlmExtractor | None


Deps = Annotated[Dependencies, Depends(provided(Dependencies))]
IntentsReader = Annotated[Principal, Depends(authorize("intents:read"))]
