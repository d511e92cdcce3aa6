"""A bootstrapped service, and the typed way its routes reach what it was built with.

Each service's `bootstrap.py` builds its typed dependencies and returns a `Service`;
`create_service_app` (app.py) runs it. Together they are the platform's composition root,
the one place that keeps anything on `app.state`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from fastapi import APIRouter, FastAPI, Request

from ..bus import BatchSubscription, Subscription
from ..settings import ServiceSettings
from .runtime import Runtime, ServiceDependencies

if TYPE_CHECKING:
    from ..bus import EventConsumer

DepsT = TypeVar("DepsT", bound=ServiceDependencies[Any])
T = TypeVar("T")
AnySubscription = Subscription[Any] | BatchSubscription[Any]


@dataclass(frozen=True)
class Service(Generic[DepsT]):
    """A bootstrapped service: its typed dependencies and everything that runs on them.

    `subscriptions` is the one list of what the service consumes (the AsyncAPI document
    and the README's subject table are generated from it); `background` are loops started
    with the app; `closers` release what the dependencies hold, after everything stopped.
    """

    dependencies: DepsT
    migrations: Path
    subscriptions: Sequence[AnySubscription] = ()
    routers: Sequence[APIRouter] = ()
    background: Sequence[Callable[[], Coroutine[Any, Any, None]]] = ()
    closers: Sequence[Callable[[], Awaitable[None]]] = ()

    @property
    def runtime(self) -> Runtime[Any]:
        """The platform's dependencies."""
        return self.dependencies.runtime

    @property
    def name(self) -> str:
        """The service's name (its settings say it)."""
        name: str = self.runtime.settings.service_name
        return name


def provided(kind: type[T]) -> Callable[[Request], T]:
    """FastAPI dependency: the serving app's dependencies, as the service's own type."""

    def dependency(request: Request) -> T:
        found = service_of(request.app).dependencies
        if not isinstance(found, kind):
            raise TypeError(f"this app provides {type(found).__name__}, not {kind.__name__}")
        return found

    return dependency


def service_of(app: FastAPI) -> Service[Any]:
    """The service an app was created from."""
    service: Service[Any] = app.state.service
    return service


def consumers_of(app: FastAPI) -> list[EventConsumer]:
    """The durable consumers an app runs."""
    consumers: list[EventConsumer] = app.state.consumers
    return consumers


def get_runtime(request: Request) -> Runtime[ServiceSettings]:
    """The platform dependencies of the app serving this request."""
    runtime: Runtime[ServiceSettings] = service_of(request.app).runtime
    return runtime
