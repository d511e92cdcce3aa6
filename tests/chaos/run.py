"""`make chaos`: uploads keep coming while services are SIGKILLed and NATS restarts.

Drives a stream of uploads (three tenants, each with a webhook endpoint) through the
embedded stack. Meanwhile a random service is killed with SIGKILL every few seconds and
started again, and NATS is stopped and restarted once. Then it checks and prints:
  - every upload reached SitePublished, or failed for a stated input reason;
  - every tenant's ledger verifies and holds each event id exactly once, including every
    event of every upload's timeline;
  - every pipeline event was delivered to its tenant's webhook, always under one
    webhook-id, however often it was delivered.
Half the payments are made through the API, half on the signed checkout page.

With `--profile cluster` the same runs on the cluster profile (three NATS nodes, PostgreSQL,
SeaweedFS, two replicas of each service; requests go to a random replica, as behind a load
balancer). The kills are of one replica, of both replicas of a service at once, of one NATS
node at a time; PostgreSQL is crashed and restarted once, SeaweedFS killed and restarted
once; and at the end every blob an upload or a build references must exist in the bucket.
Exit status 0 when all of that holds, 1 otherwise. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import signal
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import httpx

from hotstack_libs.auth import mint_token
from hotstack_libs.settings import DEV_AUTH_SECRET
from hotstack_tools.cluster import ClusterConfig, ClusterStack, asyncpg_dsn
from hotstack_tools.stack import SERVICES, Stack, StackConfig
from hotstack_tools.testing import documents
from tests.corpus.briefs import BRIEFS

T = TypeVar("T")
TENANTS = ("chaos-a", "chaos-b", "chaos-c")
PIPELINE_TYPES = [
    "hotstack.upload.*",
    "hotstack.intent.*",
    "hotstack.build.*",
    "hotstack.payment.*",
    "hotstack.site.*",
]
CHAOS_ENV = {
    **{f"{name.upper()}_ACK_WAIT_SECONDS": "5" for name in SERVICES},
    **{f"{name.upper()}_MAX_DELIVER": "30" for name in SERVICES},
    "NOTIFIER_WEBHOOK_ALLOW_LOOPBACK": "true",
    "NOTIFIER_WEBHOOK_RETRY_SCHEDULE_SECONDS": "[0, 1, 2, 4, 8]",
    "NOTIFIER_WEBHOOK_LEASE_SECONDS": "10",
}


class Receiver:
    """Records (webhook-id, event id, type) of every delivery; answers 200 (400 to a body
    cut short by a killed sender, which then was not a delivery)."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, str]] = []
        lock = threading.Lock()
        seen = self.seen

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                try:
                    body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                except ValueError:
                    # The sender was SIGKILLed mid-request: nothing was delivered.
                    self.send_response(400)
                    self.end_headers()
                    return
                with lock:
                    seen.append((self.headers["webhook-id"], body["id"], body["type"]))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *_: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"


def patiently(call: Callable[[], T], what: str, within: float = 120.0) -> T:
    """Retry `call` while the service behind it is down (connection errors, 5xx)."""
    deadline = time.monotonic() + within
    while True:
        try:
            return call()
        except (httpx.HTTPError, RetryableError) as error:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what}: still failing after {within:g} s ({error})") from error
            time.sleep(0.3)


class RetryableError(Exception):
    """A 5xx from a service that is starting or stopping."""


def checked(response: httpx.Response) -> httpx.Response:
    if response.status_code >= 500:
        raise RetryableError(f"HTTP {response.status_code}")
    return response


class Chaos:
    """SIGKILLs a random service instance every few seconds (each in turn, in a random order
    each round) and starts it again; runs the engine outages it is asked for (`due`)."""

    def __init__(self, stack: Stack, every: float, seed: int) -> None:
        self.stack = stack
        self.every = every
        self.random = random.Random(seed)
        self.kills: Counter[str] = Counter()  # by kind
        self.victims: Counter[str] = Counter()  # by service
        self.stop = threading.Event()
        self.due: list[str] = []
        self.queue: list[str] = []
        self.rounds = 0

    def run(self) -> None:
        while not self.stop.wait(self.every * self.random.uniform(0.6, 1.4)):
            self.rounds += 1
            if self.due:
                self.outage(self.due.pop(0))
                continue
            self.kill_round()

    def outage(self, engine: str) -> None:
        """The embedded stack's one engine outage: NATS stopped and started again."""
        assert engine == "nats", engine
        self.stack.stop_nats()
        time.sleep(3)
        self.stack.start_nats()
        self.kills["nats restart"] += 1

    def kill_round(self) -> None:
        if not self.queue:
            self.queue = self.random.sample(self.stack.config.instances(), len(SERVICES))
        self.kill([self.queue.pop()], "service")

    def kill(self, victims: list[str], kind: str) -> None:
        for victim in victims:
            self.stack.stop_service(victim, sig=signal.SIGKILL)
            self.victims[victim.split("-")[0]] += 1
        self.kills[kind] += 1
        time.sleep(self.random.uniform(0.3, 1.5))
        for victim in victims:
            self.stack.start_service(victim)


class ClusterChaos(Chaos):
    """The cluster's kills: one replica; now and then both replicas of a service, or one NATS
    node (started again a few seconds later); PostgreSQL and SeaweedFS when due."""

    stack: ClusterStack

    def kill_round(self) -> None:
        if self.rounds % 5 == 2:
            node = (self.rounds // 5) % len(self.stack.nats_cluster.nodes)
            self.stack.kill_nats_node(node)
            self.kills["nats node"] += 1
            time.sleep(self.random.uniform(2, 5))
            self.stack.start_nats_node(node)
            return
        if self.rounds % 7 == 3:
            service = self.random.choice(list(SERVICES))
            self.kill(self.stack.config.instances(service), "both replicas")
            return
        if not self.queue:
            instances = self.stack.config.instances()
            self.queue = self.random.sample(instances, len(instances))
        self.kill([self.queue.pop()], "replica")

    def outage(self, engine: str) -> None:
        if engine == "postgres":
            self.stack.restart_postgres(down_seconds=3)
        elif engine == "s3":
            self.stack.kill_s3()
            time.sleep(3)
            self.stack.start_s3()
        else:
            raise ValueError(engine)
        self.kills[engine] += 1


def brief_for(index: int) -> tuple[str, bytes, str, bool]:
    """(filename, bytes, prompt, expected to fail) — every tenth is a scanned PDF."""
    if index % 10 == 9:
        import zlib

        return "scan.pdf", documents.raw_pdf(zlib.compress(b"0 0 1 rg 0 0 9 9 re f")), "site", True
    brief = [b for b in BRIEFS if b.format in ("md", "txt", "html")][index % 15]
    return brief.filename, brief.data(), brief.prompt, False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--uploads", type=int, help="how many (default: 30 embedded, 200 on the cluster)"
    )
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between uploads")
    parser.add_argument("--kill-every", type=float, default=3.0, help="seconds between kills")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", choices=("embedded", "cluster"), default="embedded")
    args = parser.parse_args()
    args.uploads = args.uploads or (200 if args.profile == "cluster" else 30)
    signal.signal(signal.SIGTERM, _interrupted)

    state = Path(tempfile.mkdtemp(prefix="hotstack-chaos-"))
    stack: Stack
    if args.profile == "cluster":
        stack = ClusterStack(ClusterConfig.ephemeral(state, **CHAOS_ENV))
        outages = {1 / 3: "postgres", 2 / 3: "s3"}
    else:
        stack = Stack(StackConfig.ephemeral(state, **CHAOS_ENV))
        outages = {1 / 3: "nats"}
    receiver = Receiver()
    started = time.monotonic()
    stack.start(timeout=120)
    pick = random.Random(args.seed)
    clients = {
        t: httpx.Client(
            headers={"Authorization": f"Bearer {mint_token(DEV_AUTH_SECRET, t)}"}, timeout=10
        )
        for t in TENANTS
    }

    def url(service: str) -> str:
        """A random instance of the service, as a load balancer in front of them would pick."""
        return stack.config.url(pick.choice(stack.config.instances(service)))

    try:
        for client in clients.values():
            response = client.post(
                url("notifier") + "/api/webhooks",
                json={"url": receiver.url, "event_types": PIPELINE_TYPES},
            )
            assert response.status_code == 201, response.text

        chaos = (ClusterChaos if isinstance(stack, ClusterStack) else Chaos)(
            stack, args.kill_every, args.seed
        )
        threading.Thread(target=chaos.run, daemon=True).start()
        uploads: dict[str, tuple[str, bool]] = {}  # upload id → (tenant, expected to fail)
        paid: dict[str, str] = {}  # upload id → how it was paid: api or page
        for i in range(args.uploads):
            tenant = TENANTS[i % len(TENANTS)]
            name, data, prompt, bad = brief_for(i)
            key = f"chaos-{args.seed}-{i}"

            def post(tenant: str = tenant, name: str = name, data: bytes = data,
                     prompt: str = prompt, key: str = key) -> httpx.Response:  # fmt: skip
                return checked(
                    clients[tenant].post(
                        url("upload") + "/api/upload",
                        files={"file": (name, data)},
                        data={"prompt": prompt},
                        headers={"Idempotency-Key": key},
                    )
                )

            response = patiently(post, f"upload {i}")
            assert response.status_code == 201, response.text
            uploads[response.json()["upload_id"]] = (tenant, bad)
            chaos.due += [engine for at, engine in outages.items() if i == int(args.uploads * at)]
            pay_ready(clients, url, uploads, paid)
            time.sleep(args.interval)

        deadline = time.monotonic() + 300
        statuses: dict[str, dict[str, Any]] = {}
        while time.monotonic() < deadline:
            pay_ready(clients, url, uploads, paid)
            statuses = {u: status(clients[t], url, u) for u, (t, _) in uploads.items()}
            if all(s["status"] in ("published", "failed") for s in statuses.values()):
                break
            time.sleep(1)
        chaos.stop.set()
        time.sleep(2)
        for name in stack.config.instances():  # whatever chaos left stopped, start again
            if name not in stack.processes or stack.processes[name].poll() is not None:
                stack.start_service(name)
        stack.wait_ready(timeout=60)
        time.sleep(10)  # let webhook retries and the ledger catch up
        return report(stack, clients, url, uploads, statuses, chaos, receiver, started, paid)
    finally:
        stack.stop()


def status(client: httpx.Client, url: Callable[[str], str], upload_id: str) -> dict[str, Any]:
    response = patiently(
        lambda: checked(client.get(url("upload") + f"/api/uploads/{upload_id}")), "status"
    )
    body: dict[str, Any] = response.json()
    return body


def pay_ready(
    clients: dict[str, httpx.Client],
    url: Callable[[str], str],
    uploads: dict[str, tuple[str, bool]],
    paid: dict[str, str],
) -> None:
    for upload_id, (tenant, _) in uploads.items():
        if upload_id in paid:
            continue
        body = status(clients[tenant], url, upload_id)
        if body["status"] != "awaiting_payment" or not body["payment_id"]:
            continue

        if len(paid) % 2:  # every other one as a person would: on the checkout page
            if pay_on_checkout_page(body["checkout_url"], upload_id):
                paid[upload_id] = "page"
            continue

        def confirm(payment_id: str = body["payment_id"], tenant: str = tenant,
                    upload_id: str = upload_id) -> httpx.Response:  # fmt: skip
            return checked(
                clients[tenant].post(
                    url("payment") + f"/api/payments/{payment_id}/confirm",
                    json={"card_number": "4242 4242 4242 4242"},
                    headers={"Idempotency-Key": f"pay-{upload_id}"},
                )
            )

        response = patiently(confirm, f"pay {upload_id}")
        if response.status_code in (200, 202):
            paid[upload_id] = "api"


def pay_on_checkout_page(link: str, upload_id: str) -> bool:
    """Open the signed checkout link, submit the card form (again, with the same attempt id,
    if the payment service dies meanwhile); True once the page answers with its redirect."""
    page = patiently(lambda: checked(httpx.get(link, timeout=10)), f"checkout {upload_id}")
    found = re.search(r'name="attempt" value="([^"]+)"', page.text)
    if found is None:
        return "Payment received" in page.text
    form = {"card_number": "4242 4242 4242 4242", "attempt": found.group(1)}
    sent = patiently(
        lambda: checked(httpx.post(link, data=form, timeout=10)), f"checkout pay {upload_id}"
    )
    return sent.status_code == 303


def ledger_event_ids(client: httpx.Client, url: Callable[[str], str], tenant: str) -> list[str]:
    """Every entry's event id, page by page."""
    ids: list[str] = []
    after = 0
    while True:
        page = client.get(
            url("ledger") + f"/api/ledger/{tenant}/entries", params={"after": after, "limit": 1000}
        ).json()["entries"]
        ids += [entry["event_id"] for entry in page]
        if len(page) < 1000:
            return ids
        after = page[-1]["seq"]


def report(
    stack: Stack,
    clients: dict[str, httpx.Client],
    url: Callable[[str], str],
    uploads: dict[str, tuple[str, bool]],
    statuses: dict[str, dict[str, Any]],
    chaos: Chaos,
    receiver: Receiver,
    started: float,
    paid: dict[str, str],
) -> int:
    problems: list[str] = []
    outcome = Counter(s["status"] for s in statuses.values())
    for upload_id, (_, bad) in uploads.items():
        body = statuses[upload_id]
        expected = "failed" if bad else "published"
        if body["status"] != expected:
            problems.append(f"{upload_id}: {body['status']} ({body.get('error')}), not {expected}")
        elif bad and not body.get("error"):
            problems.append(f"{upload_id}: failed without a stated reason")

    ledger_entries = 0
    ledger_duplicates = 0
    ledger_ids: dict[str, set[str]] = {}
    for tenant, client in clients.items():
        verify = client.get(url("ledger") + f"/api/ledger/{tenant}/verify").json()
        if not verify.get("ok"):
            problems.append(f"ledger of {tenant} does not verify: {verify}")
        ids = ledger_event_ids(client, url, tenant)
        ledger_entries += len(ids)
        duplicates = [i for i, n in Counter(ids).items() if n > 1]
        ledger_duplicates += len(duplicates)
        if duplicates:
            problems.append(f"ledger of {tenant}: {len(duplicates)} event ids twice")
        ledger_ids[tenant] = set(ids)
    for upload_id, (tenant, _) in uploads.items():
        missing = {item["id"] for item in statuses[upload_id]["timeline"]} - ledger_ids[tenant]
        if missing:
            problems.append(f"{upload_id}: {len(missing)} timeline events not in the ledger")

    by_event: dict[str, set[str]] = defaultdict(set)
    for webhook_id, event_id, _ in receiver.seen:
        by_event[event_id].add(webhook_id)
    split = [e for e, ids in by_event.items() if len(ids) > 1]
    if split:
        problems.append(f"{len(split)} events delivered under more than one webhook-id")
    pipeline_events = {
        item["id"]
        for body in statuses.values()
        for item in body["timeline"]
        if not item["type"].startswith("hotstack.notification.")
    }
    undelivered = pipeline_events - set(by_event)
    if undelivered:
        problems.append(f"{len(undelivered)} pipeline events never reached the webhook")

    if isinstance(stack, ClusterStack):
        referenced, absent = asyncio.run(missing_blobs(stack))
        if absent:
            problems.append(f"{len(absent)} referenced blobs missing from S3: {absent[:3]}")
        print(f"blobs: {len(referenced)} referenced by uploads and builds, missing: {len(absent)}")

    print(f"uploads: {len(uploads)}  published: {outcome['published']}  "
          f"failed (input): {outcome['failed']}  other: "
          f"{len(uploads) - outcome['published'] - outcome['failed']}")  # fmt: skip
    ways = Counter(paid.values())
    print(f"payments: {ways['api']} through the API, {ways['page']} on the checkout page")
    print(f"kills: {sum(chaos.kills.values())} {dict(sorted(chaos.kills.items()))}  "
          f"services hit: {dict(sorted(chaos.victims.items()))}")  # fmt: skip
    print(f"ledger: {ledger_entries} entries over {len(clients)} tenants, "
          f"event ids twice: {ledger_duplicates}")  # fmt: skip
    print(f"webhooks: {len(receiver.seen)} deliveries of {len(by_event)} events, "
          f"{len(receiver.seen) - len(by_event)} redeliveries, "
          f"events under >1 webhook-id: {len(split)}")  # fmt: skip
    print(f"took {time.monotonic() - started:.0f} s")
    for problem in problems:
        print("PROBLEM:", problem)
    print("chaos: OK" if not problems else f"chaos: {len(problems)} problems")
    return 0 if not problems else 1


BLOB_REFERENCES = {
    "upload": "SELECT blob_key FROM files",
    "build": "SELECT blob_key FROM generated_files"
    " UNION SELECT artifact_key FROM builds WHERE artifact_key IS NOT NULL",
}


async def missing_blobs(stack: ClusterStack) -> tuple[set[str], list[str]]:
    """(every blob key the upload and build stores reference, those not in the bucket)."""
    referenced: set[str] = set()
    for service, query in BLOB_REFERENCES.items():
        connection = await asyncpg.connect(asyncpg_dsn(stack.database_urls[service]))
        try:
            referenced |= {row[0] for row in await connection.fetch(query)}
        finally:
            await connection.close()
    blobs = stack.blob_store()
    try:
        stored = set(await blobs.list(""))
    finally:
        await blobs.close()
    return referenced, sorted(referenced - stored)


def _interrupted(signum: int, frame: object) -> None:
    """A SIGTERM (a CI timeout, `kill`) stops the stack the run started, as Ctrl-C does."""
    raise KeyboardInterrupt


if __name__ == "__main__":
    raise SystemExit(main())
