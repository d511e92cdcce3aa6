"""The platform's app factory: a bootstrapped `Service` becomes a running FastAPI app."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from typing import Any

from fastapi import FastAPI

from ..blobs import S3BlobStore
from ..bus import (
    BatchEventConsumer,
    BatchSubscription,
    EventConsumer,
    RetryPolicy,
    connect_with_retry,
    ensure_stream,
)
from ..logging import get_logger
from ..store import migrate
from ..tasks import stop_if_cancelling
from . import probes, problems
from .middleware import CorrelateAndMeasure
from .service import Service

log = get_logger(__name__)


STARTUP_RETRY_CEILING_SECONDS = 5.0


async def once_reachable(dependency: str, step: Callable[[], Awaitable[None]]) -> None:
    """Run a start-up step, again and again while the dependency it needs does not answer
    (waiting twice as long each time, up to 5 s); any other error ends the start."""
    delay = 0.2
    while True:
        try:
            await step()
            return
        except Exception as error:
            if not problems.unreachable(error):
                raise
            log.warning("service.waiting_for", dependency=dependency, error=type(error).__name__)
            await asyncio.sleep(delay)
            delay = min(delay * 2, STARTUP_RETRY_CEILING_SECONDS)


def create_service_app(service: Service[Any], *, title: str | None = None) -> FastAPI:
    """The service's FastAPI app; its lifespan starts and stops everything `service` lists."""
    runtime = service.runtime
    settings = runtime.settings
    broker = runtime.broker
    retry = RetryPolicy(
        max_deliver=settings.max_deliver,
        ack_wait=settings.ack_wait_seconds,
        nak_delays=settings.nak_delays_seconds,
    )
    consumers = [
        BatchEventConsumer(service.name, subscription, runtime.transactions, broker, retry)
        if isinstance(subscription, BatchSubscription)
        else EventConsumer(service.name, subscription, runtime.transactions, broker, retry)
        for subscription in service.subscriptions
    ]
    for consumer in consumers:
        consumer.register(settings.pull_batch_size, settings.pull_wait_seconds)

    async def start_broker() -> None:
        await connect_with_retry(broker)
        js = broker.config.connection_state.stream
        while True:
            try:
                await ensure_stream(js, settings.stream_replicas)
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
        runtime.relay.wake()
        log.info("broker.ready", consumers=[c.durable for c in consumers])

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # A replica may start while its database or S3 restarts: wait for them.
        await once_reachable("database", lambda: migrate(runtime.engine, service.migrations))
        if isinstance(runtime.blobs, S3BlobStore):
            await once_reachable("blobs", runtime.blobs.ensure_bucket)
        tasks = [
            asyncio.create_task(start_broker(), name="broker"),
            asyncio.create_task(runtime.relay.run(), name="outbox-relay"),
            *(asyncio.create_task(task(), name=task.__name__) for task in service.background),
        ]
        log.info("service.started", port=settings.port, database=runtime.engine.dialect.name)
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
            for close in service.closers:
                with suppress(Exception):
                    await close()
            await runtime.blobs.close()
            await runtime.engine.dispose()
            log.info("service.stopped")

    app = FastAPI(
        title=title or f"HotStack {service.name}",
        version="0.1.0",
        lifespan=lifespan,
    )
    problems.install(app)
    app.state.service = service
    app.state.consumers = consumers
    app.include_router(probes.router)
    for router in service.routers:
        app.include_router(router)

    app.add_middleware(CorrelateAndMeasure, service=service.name)
    return app
