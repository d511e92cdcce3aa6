"""End to end: briefs through six services and NATS, against the same domain functions in
one process with no bus.

Distributed: the embedded stack (nats-server, the SMTP sink and the six services as their
own processes; SQLite stores and a local blob folder, as `make up` runs them); and the
cluster profile (`make up PROFILE=cluster`: three clustered nats-servers with the stream at
three replicas, PostgreSQL from its wheel, SeaweedFS as S3, two replicas of every service;
uploads and payments go to the replicas in turn, as a round-robin balancer would send
them). Briefs are posted over HTTP; the bench plays the tenants and pays each
PaymentRequested with the sandbox's 4242 card as soon as it sees the event on NATS.
Latency runs from the POST to the moment SitePublished reaches the bench.

In one process: the same composition roots (each service's `create_app` with the settings
the stack gives that service, so the same stores, blob folder, SMTP sink and document
sandboxes), but no bus, no HTTP and no outbox relay. The brief is accepted with
`accept_upload`; each committed event is handed at once to every consumer subscribed to
it (`EventConsumer.apply`: the handler and its inbox mark in one transaction), the
consumers of one event side by side; the payment is confirmed with `confirm_payment`.
Latency runs from the call to the commit that emitted SitePublished.

Each path gets two loads after a warm-up: a fixed offered load (`--rate` uploads/s for
`--seconds`, open loop: every upload starts at its scheduled time whether or not earlier
ones have finished), giving achieved uploads/s and p50/p95/p99 latency; and a burst of
`--burst` uploads at once, whose makespan gives capacity in uploads/s. Briefs cycle
through the 24 of the test corpus (Markdown, text, HTML, PDF and DOCX).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import itertools
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import nats
from fastapi import FastAPI
from nats.aio.client import Client as NatsClient
from nats.aio.msg import Msg

from hotstack_contracts import (
    BuildFailed,
    Envelope,
    IntentFailed,
    PaymentFailed,
    PaymentRequested,
    SitePublished,
    parse_event,
)
from hotstack_libs.auth import mint_token
from hotstack_libs.bus import EventConsumer, Transaction, TransactionFactory
from hotstack_libs.http import consumers_of, service_of
from hotstack_libs.http.forms import spool_bytes
from hotstack_libs.settings import DEV_AUTH_SECRET
from hotstack_libs.store import migrate
from hotstack_payment.confirm import confirm_payment
from hotstack_tools.cluster import ClusterConfig, ClusterStack
from hotstack_tools.stack import SERVICES, Stack, StackConfig
from hotstack_upload.service import accept_upload, released_unless_committed, reserve_upload
from tests.corpus.briefs import BRIEFS

from .common import TICKS, group_ticks, logging_to, own_peak_rss_mib, peak_rss_mib, report

CARD = "4242 4242 4242 4242"
TENANTS = ("bench-a", "bench-b", "bench-c", "bench-d")
CONTACT = "owner@example.com"
FAILURES = {IntentFailed.subject, BuildFailed.subject, PaymentFailed.subject}
# Uploads at once are not throttled: the per-tenant rate limit is not what is measured.
ENVIRONMENT = {"UPLOAD_RATE_BURST": "100000", "UPLOAD_RATE_PER_MINUTE": "100000"}

Brief = tuple[str, bytes, str]  # filename, bytes, prompt
RETRIES = 3
Usage = dict[str, dict[str, float]]  # process → peak_rss_mib, cpu_seconds over the loads


@dataclass
class Phase:
    """One load on one path: when each upload started and when its site was published."""

    name: str
    offered: float | None  # uploads/s; None for a burst
    started: dict[str, float] = field(default_factory=dict)
    published: dict[str, float] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        latencies = sorted(self.published[u] - self.started[u] for u in self.started)
        span = max(self.published.values()) - min(self.started.values())
        cuts = statistics.quantiles(latencies, n=100, method="inclusive")
        return {
            "uploads": len(latencies),
            "offered_per_s": self.offered,
            "achieved_per_s": round(len(latencies) / span, 2),
            "p50_ms": round(cuts[49] * 1000, 1),
            "p95_ms": round(cuts[94] * 1000, 1),
            "p99_ms": round(cuts[98] * 1000, 1),
            "max_ms": round(latencies[-1] * 1000, 1),
        }


def corpus() -> list[Brief]:
    return [(b.filename, b.data(), b.prompt) for b in BRIEFS]


Upload = Callable[[Phase, int, Brief], Coroutine[Any, Any, None]]


async def exercise(
    upload: Upload, briefs: list[Brief], loads: list[tuple[Phase, int]], warmup: int
) -> None:
    """Warm up one upload at a time, then run each load: upload i of a phase starts at
    i / rate seconds (all at once for a burst), and the phase ends when all are done."""
    for i in range(warmup):
        await upload(Phase("warm-up", None), i, briefs[i % len(briefs)])
    for phase, count in loads:
        began = time.perf_counter()
        tasks: list[asyncio.Task[None]] = []
        for i in range(count):
            if phase.offered:
                await asyncio.sleep(max(0.0, began + i / phase.offered - time.perf_counter()))
            tasks.append(asyncio.create_task(upload(phase, i, briefs[i % len(briefs)])))
        await asyncio.gather(*tasks)


# --- distributed: the embedded stack ---------------------------------------------------


class Distributed:
    """Drives the running stack over HTTP and watches NATS for payments and publications."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.clients = {
            tenant: httpx.AsyncClient(
                headers={"Authorization": f"Bearer {mint_token(DEV_AUTH_SECRET, tenant)}"},
                timeout=120,
            )
            for tenant in TENANTS
        }
        self.waiting: dict[str, asyncio.Future[float]] = {}
        self.confirming: set[asyncio.Task[None]] = set()
        self.paid = itertools.count()
        self.run = uuid.uuid4().hex[:12]  # upload keys of this run

    def url(self, service: str, i: int) -> str:
        """Upload `i`'s instance of a service: the replicas in turn."""
        instances = self.stack.config.instances(service)
        return self.stack.config.url(instances[i % len(instances)])

    async def watch(self) -> NatsClient:
        client = await nats.connect(self.stack.config.nats_url.split(","))
        for subject in (PaymentRequested.subject, SitePublished.subject, *FAILURES):
            await client.subscribe(subject, cb=self.on_event)
        return client

    def future(self, upload_id: str) -> asyncio.Future[float]:
        if upload_id not in self.waiting:
            self.waiting[upload_id] = asyncio.get_running_loop().create_future()
        return self.waiting[upload_id]

    async def on_event(self, msg: Msg) -> None:
        arrived = time.perf_counter()
        envelope = parse_event(msg.data)
        data: Any = envelope.data
        done = self.future(data.upload_id)
        if msg.subject == SitePublished.subject:
            if not done.done():  # a redelivered copy is not a second publication
                done.set_result(arrived)
        elif msg.subject == PaymentRequested.subject:
            task = asyncio.create_task(self.pay(envelope.tenant, data.payment_id, done))
            self.confirming.add(task)
            task.add_done_callback(self.confirming.discard)
        elif not done.done():
            done.set_exception(RuntimeError(f"{msg.subject}: {data.reason}"))

    async def post(self, tenant: str, url: str, **request: Any) -> httpx.Response:
        """POST with an Idempotency-Key, sent again (with the same key) when the connection
        fails: a kept-alive connection the server closed as it was reused is not an answer."""
        for attempt in range(RETRIES):
            try:
                return await self.clients[tenant].post(url, **request)
            except httpx.TransportError:
                if attempt == RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    async def pay(self, tenant: str, payment_id: str, done: asyncio.Future[float]) -> None:
        try:
            response = await self.post(
                tenant,
                self.url("payment", next(self.paid)) + f"/api/payments/{payment_id}/confirm",
                json={"card_number": CARD},
                headers={"Idempotency-Key": f"pay-{payment_id}"},
            )
            problem = None if response.status_code == 200 else response.text
        except httpx.HTTPError as error:
            problem = f"{type(error).__name__}: {error}"
        if problem is not None and not done.done():  # the upload waiting on it fails with this
            done.set_exception(RuntimeError(f"confirm {payment_id}: {problem}"))

    async def upload(self, phase: Phase, i: int, brief: Brief) -> None:
        tenant = TENANTS[i % len(TENANTS)]
        filename, data, prompt = brief
        started = time.perf_counter()
        response = await self.post(
            tenant,
            self.url("upload", i) + "/api/upload",
            files={"file": (filename, data)},
            data={"prompt": prompt, "contact_email": CONTACT},
            headers={"Idempotency-Key": f"{self.run}-{phase.name}-{i}"},
        )
        if response.status_code != 201:
            raise RuntimeError(f"upload {filename}: {response.status_code} {response.text}")
        upload_id = response.json()["upload_id"]
        phase.started[upload_id] = started
        try:
            phase.published[upload_id] = await asyncio.wait_for(self.future(upload_id), 120)
        except TimeoutError:
            status = await self.clients[tenant].get(
                self.stack.config.url("upload") + f"/api/uploads/{upload_id}"
            )
            raise RuntimeError(f"{upload_id} not published after 120 s: {status.text}") from None

    async def close(self) -> None:
        for client in self.clients.values():
            await client.aclose()


async def run_distributed(
    folder: Path, briefs: list[Brief], loads: list[tuple[Phase, int]], warmup: int
) -> Usage:
    """Run the loads on the embedded stack; each process's peak RSS and CPU."""
    return await run_on(Stack(StackConfig.ephemeral(folder, **ENVIRONMENT)), briefs, loads, warmup)


async def run_cluster(
    folder: Path, briefs: list[Brief], loads: list[tuple[Phase, int]], warmup: int
) -> Usage:
    """Run the loads on the cluster profile; each process's peak RSS and CPU (PostgreSQL's
    with its backends; its RSS is the postmaster's alone)."""
    stack = ClusterStack(ClusterConfig.ephemeral(folder, **ENVIRONMENT))
    return await run_on(stack, briefs, loads, warmup)


async def run_on(
    stack: Stack, briefs: list[Brief], loads: list[tuple[Phase, int]], warmup: int
) -> Usage:
    await asyncio.to_thread(stack.start, 180)
    driver = Distributed(stack)
    watcher = await driver.watch()
    try:
        leaders = {name: process.pid for name, process in stack.processes.items()}
        if isinstance(stack, ClusterStack) and stack.postgres is not None:
            leaders["postgres"] = int(
                (stack.postgres.data_dir / "postmaster.pid").read_text().split()[0]
            )
        before = {name: group_ticks(pid) for name, pid in leaders.items()}
        await exercise(driver.upload, briefs, loads, warmup)
        return {
            name: {
                "peak_rss_mib": round(peak_rss_mib(pid)),
                "cpu_seconds": round((group_ticks(pid) - before[name]) / TICKS, 1),
            }
            for name, pid in leaders.items()
        }
    finally:
        await watcher.close()
        await driver.close()
        await asyncio.to_thread(stack.stop)


# --- in one process: the same domain functions, no bus ---------------------------------

# Events committed by the upload being processed in this task, with their commit time.
COMMITTED: ContextVar[deque[tuple[Envelope[Any], float]]] = ContextVar("committed")


class HandOver(TransactionFactory):
    """Commits like the runtime's factory, then hands the emitted events to this upload."""

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[Transaction]:
        async with super().__call__() as tx:
            yield tx
        committed = time.perf_counter()
        COMMITTED.get().extend((envelope, committed) for envelope in tx.emitted)


def subject_matches(pattern: str, subject: str) -> bool:
    """NATS subject matching: `*` is one token, `>` the rest."""
    wanted, parts = pattern.split("."), subject.split(".")
    for index, part in enumerate(wanted):
        if part == ">":
            return len(parts) > index
        if index >= len(parts) or part not in ("*", parts[index]):
            return False
    return len(wanted) == len(parts)


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


class InProcess:
    """The six services' composition roots in this process, their events passed by hand."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.apps: dict[str, FastAPI] = {}
        self.migrations: dict[str, Path] = {}
        for name in SERVICES:
            module = importlib.import_module(f"hotstack_{name}.bootstrap")
            settings_class = importlib.import_module(f"hotstack_{name}.settings").Settings
            with environment(stack.env_for(name)):
                app: FastAPI = module.create_app(settings_class())
            runtime = service_of(app).runtime
            runtime.transactions = HandOver(runtime.sessions)
            for consumer in consumers_of(app):
                consumer.transactions = runtime.transactions
            self.apps[name] = app
            self.migrations[name] = module.MIGRATIONS
        self.consumers: list[EventConsumer] = [
            consumer for app in self.apps.values() for consumer in consumers_of(app)
        ]

    async def start(self) -> None:
        for name, app in self.apps.items():
            await migrate(service_of(app).runtime.engine, self.migrations[name])

    async def close(self) -> None:
        for app in self.apps.values():
            service = service_of(app)
            for close in service.closers:
                await close()
            await service.runtime.blobs.close()
            await service.runtime.engine.dispose()

    async def upload(self, phase: Phase, i: int, brief: Brief) -> None:
        committed: deque[tuple[Envelope[Any], float]] = deque()
        COMMITTED.set(committed)  # this task's own context
        tenant = TENANTS[i % len(TENANTS)]
        filename, data, prompt = brief
        upload = service_of(self.apps["upload"]).dependencies
        started = time.perf_counter()
        runtime = upload.runtime
        # As the upload route does: a reservation (the rate-limit token and the pending
        # blob row), the brief spooled to a file, accepted, the file removed.
        reservation = await reserve_upload(
            runtime.transactions, tenant, runtime.settings.upload_rate
        )
        spooled = spool_bytes(filename, data, runtime.settings.spool_dir)
        try:
            async with released_unless_committed(reservation, runtime.transactions, runtime.blobs):
                accepted = await accept_upload(
                    runtime.transactions,
                    runtime.blobs,
                    upload.documents,
                    reservation,
                    brief=spooled,
                    prompt=prompt,
                    contact_email=CONTACT,
                    idempotency_key=None,
                    max_prompt_chars=runtime.settings.max_prompt_chars,
                )
        finally:
            spooled.path.unlink(missing_ok=True)
        while committed:
            envelope, at = committed.popleft()
            await asyncio.gather(
                *(
                    consumer.apply(envelope)
                    for consumer in self.consumers
                    if subject_matches(consumer.subscription.subject, envelope.type)
                )
            )
            if envelope.type == SitePublished.subject:
                phase.started[accepted.upload.id] = started
                phase.published[accepted.upload.id] = at
            elif envelope.type == PaymentRequested.subject:
                payment = service_of(self.apps["payment"]).dependencies
                result = await confirm_payment(
                    payment.runtime.transactions,
                    payment.provider,
                    tenant=envelope.tenant,
                    payment_id=envelope.data.payment_id,
                    card_number=CARD,
                    idempotency_key=f"pay-{envelope.data.payment_id}",
                )
                if result.status_code != 200:
                    raise RuntimeError(f"confirm: {result.status_code} {result.body}")
            elif envelope.type in FAILURES:
                raise RuntimeError(f"{envelope.type}: {envelope.data.reason}")
        if accepted.upload.id not in phase.published:
            raise RuntimeError(f"{filename}: the pipeline ended without SitePublished")


async def run_in_process(
    folder: Path, briefs: list[Brief], loads: list[tuple[Phase, int]], warmup: int
) -> Usage:
    """Run the loads on the six composition roots in this process; its peak RSS and the
    CPU it (with its document workers and the SMTP sink) used."""
    stack = Stack(StackConfig.ephemeral(folder, **ENVIRONMENT))
    stack.config.state_dir.mkdir(parents=True, exist_ok=True)
    await asyncio.to_thread(stack.start_mail_sink)  # the SMTP sink is not HotStack
    pipeline = InProcess(stack)
    await pipeline.start()
    try:
        before = group_ticks(os.getpid())
        await exercise(pipeline.upload, briefs, loads, warmup)
        cpu = (group_ticks(os.getpid()) - before) / TICKS
        return {
            "six services in one process": {
                "peak_rss_mib": round(own_peak_rss_mib()),
                "cpu_seconds": round(cpu, 1),
            }
        }
    finally:
        await pipeline.close()
        await asyncio.to_thread(stack.stop)


# --- report -----------------------------------------------------------------------------


def loads_for(args: argparse.Namespace) -> list[tuple[Phase, int]]:
    count = round(args.rate * args.seconds)
    return [(Phase("steady", args.rate), count), (Phase("burst", None), args.burst)]


KEPT_UP = 0.95  # of the offered rate: below it, a path's queue grew for the whole load


PATHS = {
    "in_process": "in one process, no bus",
    "distributed": "six services + NATS (embedded)",
    "cluster": "cluster: 2 replicas each, 3 NATS nodes, PostgreSQL, S3",
}


def rows(results: dict[str, dict[str, dict[str, Any]]], rate: float) -> list[tuple[str, ...]]:
    """One row per path, then each distributed path ÷ in process; a latency ratio against a
    path that could not keep up with the load says only that it could not, and is not
    given."""
    local = results["in_process"]
    saturated = local["steady"]["achieved_per_s"] < KEPT_UP * rate
    steady = ("achieved_per_s", "p50_ms", "p95_ms", "p99_ms")
    table: list[tuple[str, ...]] = [
        (
            PATHS[label],
            f"{r['steady']['achieved_per_s']:.2f}",
            *(f"{r['steady'][key]:,.0f}" for key in steady[1:]),
            f"{r['burst']['achieved_per_s']:.2f}",
        )
        for label, r in results.items()
    ]
    for label, spread in results.items():
        if label == "in_process":
            continue
        table.append(
            (
                f"{label} ÷ in process",
                f"{spread['steady']['achieved_per_s'] / local['steady']['achieved_per_s']:.2f}",
                *(
                    "(in process saturated)"
                    if saturated
                    else f"{spread['steady'][key] / local['steady'][key]:.2f}"
                    for key in steady[1:]
                ),
                f"{spread['burst']['achieved_per_s'] / local['burst']['achieved_per_s']:.2f}",
            )
        )
    return table


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=5.0, help="offered uploads per second")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the steady load")
    parser.add_argument("--burst", type=int, default=60, help="uploads started at once")
    parser.add_argument("--warmup", type=int, default=4)
    parser.add_argument("--out", type=Path, default=Path("bench/results/e2e.json"))
    parser.add_argument(
        "--no-cluster", action="store_true", help="leave out the cluster profile's run"
    )
    args = parser.parse_args()
    briefs = corpus()
    results: dict[str, dict[str, dict[str, Any]]] = {}
    memory: dict[str, Usage] = {}
    runs = {"in_process": run_in_process, "distributed": run_distributed, "cluster": run_cluster}
    if args.no_cluster:
        del runs["cluster"]
    for label, run in runs.items():
        loads = loads_for(args)
        folder = Path(tempfile.mkdtemp(prefix=f"hotstack-bench-{label}-"))
        try:
            with logging_to(folder / "bench.log"):
                memory[label] = await run(folder, briefs, loads, args.warmup)
        except BaseException:
            print(f"{label} failed; its state and logs are kept in {folder}", file=sys.stderr)  # noqa: T201
            raise
        shutil.rmtree(folder)
        results[label] = {phase.name: phase.summary() for phase, _ in loads}
    header = (
        "path",
        f"uploads/s at {args.rate:g}/s offered",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "burst capacity, uploads/s",
    )
    report(
        args.out,
        {**results, "briefs": len(briefs), "processes": memory},
        header,
        rows(results, args.rate),
    )
    for label, usage in memory.items():
        total = sum(u["cpu_seconds"] for u in usage.values())
        shown = ", ".join(
            f"{name} {u['cpu_seconds']:.0f} s / {u['peak_rss_mib']:.0f} MiB"
            for name, u in sorted(usage.items(), key=lambda item: -item[1]["cpu_seconds"])
        )
        print(f"{label}: CPU {total:.0f} s in all; CPU and peak RSS by process: {shown}")  # noqa: T201


if __name__ == "__main__":
    asyncio.run(main())
