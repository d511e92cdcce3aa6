"""The one factory that wires a service: store, broker, consumers, relay, probes, routes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any

import structlog
from fastapi import APIRouter, FastAPI, Request, Response
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_contracts import new_id

from .. import tracing
from ..blobs import BlobStore, S3BlobStore, open_blob_store
from ..bus import (
    BatchEventConsumer,
    BatchSubscription,
    EventConsumer,
    JetStreamPublisher,
    OutboxRelay,
    RetryPolicy,
    Subscription,
    connect_with_retry,
    create_broker,
    ensure_stream,
)
from ..logging import get_logger
from ..metrics import HTTP_REQUESTS, HTTP_SECONDS
from ..settings import ServiceSettings
from ..store import create_engine, migrate
from ..tasks import stop_if_cancelling
from . import probes, problems
from .runtime import Runtime

log = get_logger(__name__)

SubscriptionsFactory = Callable[[Runtime], Sequence[Subscription | BatchSubscription]]
BackgroundTask = Callable[[Runtime], Coroutine[Any, Any, None]]


def _blob_store(settings: ServiceSettings) -> BlobStore:
    secret = settings.s3_secret_access_key
    return open_blob_store(
        settings.resolved_blob_url,
        endpoint_url=settings.s3_endpoint_url,
        access_key_id=settings.s3_access_key_id,
        secret_access_key=secret.get_secret_value() if secret else None,
        region=settings.s3_region,
    )


def _route_of(request: Request) -> str:
    """The matched route's template (the router records it in the scope), for metric labels."""
    route = request.scope.get("route")
    return str(getattr(route, "path", "unmatched"))


def create_service_app(
    settings: ServiceSettings,
    *,
    migrations: Path,
    subscriptions: SubscriptionsFactory = lambda _: (),
    routers: Sequence[APIRouter] = (),
    background: Sequence[BackgroundTask] = (),
    blobs: BlobStore | None = None,
    title: str | None = None,
) -> FastAPI:
    """Build a service's FastAPI app; everything it needs is created here and nowhere else."""
    service = settings.service_name
    tracing.configure(service, settings.otel_exporter, settings.otel_endpoint)
    engine = create_engine(settings.resolved_database_url)
    sessions = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
    broker = create_broker(settings.nats_url, service)
    relay = OutboxRelay(
        service, sessions, JetStreamPublisher(broker), poll_seconds=settings.outbox_poll_seconds
    )
    runtime = Runtime(
        settings=settings,
        engine=engine,
        sessions=sessions,
        broker=broker,
        blobs=blobs or _blob_store(settings),
        relay=relay,
    )
    retry = RetryPolicy(
        max_deliver=settings.max_deliver,
        ack_wait=settings.ack_wait_seconds,
        nak_delays=settings.nak_delays_seconds,
    )
    consumers = [
        BatchEventConsumer(service, subscription, runtime.transactions, broker, retry)
        if isinstance(subscription, BatchSubscription)
        else EventConsumer(service, subscription, runtime.transactions, broker, retry)
        for subscription in subscriptions(runtime)
    ]
    for consumer in consumers:
        consumer.register(settings.pull_batch_size)

    async def start_broker() -> None:
        await connect_with_retry(broker)
        js = broker.config.connection_state.stream
        while True:
            try:
                await ensure_stream(js)
                for consumer in consumers:
                    await consumer.provision(js)
                await broker.start()
                break
            except asyncio.CancelledError:
                raise
            except Exception as error:
                stop_if_cancelling(error)
                log.warning("broker.start_failed", error=str(error))
                await asyncio.sleep(1.0)
        runtime.broker_ready = True
        relay.wake()
        log.info("broker.ready", consumers=[c.durable for c in consumers])

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await migrate(engine, migrations)
        if isinstance(runtime.blobs, S3BlobStore):
            await runtime.blobs.ensure_bucket()
        tasks = [
            asyncio.create_task(start_broker(), name="broker"),
            asyncio.create_task(relay.run(), name="outbox-relay"),
            *(asyncio.create_task(task(runtime)) for task in background),
        ]
        log.info("service.started", port=settings.port, database=engine.dialect.name)
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with suppress(asyncio.CancelledError, Exception):
                    await task
            with suppress(Exception):
                await broker.stop()
            await runtime.blobs.close()
            await engine.dispose()
            log.info("service.stopped")

    app = FastAPI(
        title=title or f"HotStack {service}",
        version="0.1.0",
        lifespan=lifespan,
    )
    problems.install(app)
    app.state.runtime = runtime
    app.state.consumers = consumers
    app.include_router(probes.router)
    for router in routers:
        app.include_router(router)

    @app.middleware("http")
    async def correlate_and_measure(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        correlation = request.headers.get("x-correlation-id") or new_id("req")
        structlog.contextvars.bind_contextvars(correlationid=correlation[:128])
        started = time.perf_counter()
        try:
            # FastAPI itself opens the request's server span (from an incoming traceparent).
            response = await call_next(request)
        finally:
            structlog.contextvars.unbind_contextvars("correlationid")
        route = _route_of(request)
        HTTP_REQUESTS.labels(service, route, str(response.status_code)).inc()
        HTTP_SECONDS.labels(service, route).observe(time.perf_counter() - started)
        response.headers["x-correlation-id"] = correlation[:128]
        return response

    return app
