"""What a running service holds: typed settings, store, broker, blobs, relay."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from faststream.nats import NatsBroker
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from .. import tracing
from ..blobs import BlobStore, open_blob_store
from ..bus import JetStreamPublisher, OutboxRelay, TransactionFactory, create_broker
from ..settings import ServiceSettings
from ..store import create_engine

SettingsT = TypeVar("SettingsT", bound=ServiceSettings)


@dataclass
class Runtime(Generic[SettingsT]):
    """The platform's dependencies of one service process, with the service's own settings."""

    settings: SettingsT
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    broker: NatsBroker
    blobs: BlobStore
    relay: OutboxRelay
    transactions: TransactionFactory = field(init=False)
    broker_ready: bool = False

    def __post_init__(self) -> None:
        # A committed unit of work that emitted events wakes the relay at once.
        self.transactions = TransactionFactory(self.sessions, on_emitted=self.relay.wake)


def _blob_store(settings: ServiceSettings) -> BlobStore:
    secret = settings.s3_secret_access_key
    return open_blob_store(
        settings.resolved_blob_url,
        endpoint_url=settings.s3_endpoint_url,
        access_key_id=settings.s3_access_key_id,
        secret_access_key=secret.get_secret_value() if secret else None,
        region=settings.s3_region,
    )


def open_runtime(settings: SettingsT, *, blobs: BlobStore | None = None) -> Runtime[SettingsT]:
    """The platform's dependencies for `settings`; nothing connects until the app starts."""
    service = settings.service_name
    tracing.configure(service, settings.otel_exporter, settings.otel_endpoint)
    engine = create_engine(settings.resolved_database_url)
    sessions = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
    broker = create_broker(settings.nats_url, service)
    relay = OutboxRelay(
        service, sessions, JetStreamPublisher(broker), poll_seconds=settings.outbox_poll_seconds
    )
    return Runtime(
        settings=settings,
        engine=engine,
        sessions=sessions,
        broker=broker,
        blobs=blobs or _blob_store(settings),
        relay=relay,
    )


@dataclass(frozen=True)
class ServiceDependencies(Generic[SettingsT]):
    """Base of each service's typed dependencies: the runtime, and short ways into it."""

    runtime: Runtime[SettingsT]

    @property
    def settings(self) -> SettingsT:
        """The service's own settings."""
        return self.runtime.settings

    @property
    def sessions(self) -> async_sessionmaker[AsyncSession]:
        """Read sessions on the service's store."""
        return self.runtime.sessions

    @property
    def transactions(self) -> TransactionFactory:
        """Units of work whose emitted events reach the outbox relay on commit."""
        return self.runtime.transactions

    @property
    def blobs(self) -> BlobStore:
        """The blob store."""
        return self.runtime.blobs
