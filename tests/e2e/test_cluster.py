"""The cluster profile, started once for these tests: three clustered nats-servers with the
stream at three replicas, PostgreSQL from its wheel, SeaweedFS as S3, and two replicas of
every service. A brief goes through either replica of each service; a loop meant for one
replica has one leader, handed over when it dies; losing a NATS node or both replicas of a
service loses nothing; readiness names PostgreSQL or S3 while they are down and recovers."""

from __future__ import annotations

import asyncio
import json
import signal
import time
import uuid
from collections.abc import Iterator
from typing import Any

import asyncpg
import httpx
import nats
import pytest

from hotstack_contracts import STREAM_NAME
from hotstack_tools.cluster import ClusterConfig, ClusterStack, asyncpg_dsn

from .conftest import TEST_CARD, Tenant, assert_ledger_holds_each_event_once, wait_until

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClusterStack]:
    stack = ClusterStack(
        ClusterConfig.ephemeral(
            tmp_path_factory.mktemp("cluster"), NOTIFIER_WEBHOOK_ALLOW_LOOPBACK="true"
        )
    )
    try:
        stack.start(timeout=180)
        yield stack
    finally:
        stack.stop()


def publish_a_brief(cluster: ClusterStack, tenant: Tenant, upload_at: str, pay_at: str) -> str:
    """Upload through `upload_at`, follow it through the other upload replica, pay through
    `pay_at`; return the upload id once its site is published."""
    config = cluster.config
    created = tenant.http.post(
        f"{config.url(upload_at)}/api/upload",
        files={"file": ("brief.md", b"# Hill Street Bakery\n\nSourdough, daily, since 1998.\n")},
        data={"prompt": "A site for our bakery", "contact_email": "owner@example.com"},
    )
    assert created.status_code == 201, created.text
    upload_id: str = created.json()["upload_id"]
    other = next(n for n in config.instances("upload") if n != upload_at)

    def status() -> dict[str, Any]:
        response = tenant.http.get(f"{config.url(other)}/api/uploads/{upload_id}")
        body: dict[str, Any] = response.raise_for_status().json()
        assert body["status"] != "failed", body["error"]
        return body

    wait_until(lambda: status()["status"] == "awaiting_payment", 90, "the preview")
    paid = tenant.http.post(
        f"{config.url(pay_at)}/api/payments/{status()['payment_id']}/confirm",
        json={"card_number": TEST_CARD},
        headers={"Idempotency-Key": f"pay-{upload_id}"},
    )
    assert paid.status_code == 200, paid.text
    wait_until(lambda: status()["status"] == "published", 90, "publication")
    return upload_id


async def query(cluster: ClusterStack, service: str, sql: str) -> list[Any]:
    connection = await asyncpg.connect(asyncpg_dsn(cluster.database_urls[service]))
    try:
        return [row[0] for row in await connection.fetch(sql)]
    finally:
        await connection.close()


def test_a_brief_goes_through_either_replica_to_a_site_on_the_real_engines(
    cluster: ClusterStack,
) -> None:
    tenant = Tenant(cluster, f"cl-{uuid.uuid4().hex[:8]}")
    first = publish_a_brief(cluster, tenant, upload_at="upload-2", pay_at="payment-1")
    second = publish_a_brief(cluster, tenant, upload_at="upload-1", pay_at="payment-2")

    # Both ledger replicas serve one chain, each event in it once.
    bodies = [tenant.status(u) for u in (first, second)]
    assert_ledger_holds_each_event_once(tenant, {i["id"] for b in bodies for i in b["timeline"]})
    heads = {
        name: tenant.http.get(f"{cluster.config.url(name)}/api/ledger/{tenant.name}/verify")
        .raise_for_status()
        .json()
        for name in cluster.config.instances("ledger")
    }
    assert all(head["ok"] for head in heads.values()), heads
    assert len({(head["size"], head["root"]) for head in heads.values()}) == 1, heads

    # The stream and the consumers are at three replicas; the stores are PostgreSQL and the
    # blobs every upload and build refers to are in the S3 bucket.
    async def replicas() -> tuple[int, set[int]]:
        client = await nats.connect(cluster.config.nats_url.split(","))
        try:
            js = client.jetstream()
            info = await js.stream_info(STREAM_NAME)
            consumers = await js.consumers_info(STREAM_NAME)
            return info.config.num_replicas or 0, {
                len(c.cluster.replicas or []) + 1 for c in consumers if c.cluster
            }
        finally:
            await client.close()

    stream_replicas, consumer_replicas = asyncio.run(replicas())
    assert stream_replicas == 3
    assert consumer_replicas == {3}
    keys = asyncio.run(query(cluster, "upload", "SELECT blob_key FROM files"))
    keys += asyncio.run(query(cluster, "build", "SELECT blob_key FROM generated_files"))
    assert len(keys) >= 4

    async def stored() -> set[str]:
        blobs = cluster.blob_store()
        try:
            return set(await blobs.list(""))
        finally:
            await blobs.close()

    assert set(keys) <= asyncio.run(stored())


def lease_holders(cluster: ClusterStack, service: str, lease: str) -> list[str]:
    """The instances whose log says they took `lease` (the last one leads)."""
    taken = []
    for name in cluster.config.instances(service):
        for line in (cluster.logs / f"{name}.log").read_text().splitlines():
            if '"lease.acquired"' in line and json.loads(line).get("lease") == lease:
                taken.append((json.loads(line)["timestamp"], name))
    return [name for _, name in sorted(taken)]


def test_each_single_leader_loop_has_one_leader_and_another_takes_over_when_it_dies(
    cluster: ClusterStack,
) -> None:
    leases = {"ledger": "ledger.checkpoints", "payment": "payment.upkeep"}
    for service, lease in leases.items():

        def taken(service: str = service, lease: str = lease) -> bool:
            return bool(lease_holders(cluster, service, lease))

        wait_until(taken, 60, lease)
        assert len(lease_holders(cluster, service, lease)) == 1, lease

    leader = lease_holders(cluster, "ledger", "ledger.checkpoints")[0]
    cluster.stop_service(leader, sig=signal.SIGKILL)
    try:
        # Appends wake the other replica's checkpoint loop, which then finds the lease free.
        tenant = Tenant(cluster, f"cl-{uuid.uuid4().hex[:8]}")
        publish_a_brief(cluster, tenant, upload_at="upload-1", pay_at="payment-1")
        wait_until(
            lambda: lease_holders(cluster, "ledger", "ledger.checkpoints")[-1] != leader,
            90,
            "another ledger replica to take the checkpoint lease",
        )
    finally:
        cluster.start_service(leader)
        cluster.wait_ready([leader], timeout=90)


def test_nothing_is_lost_with_a_nats_node_and_both_replicas_of_a_service_down(
    cluster: ClusterStack,
) -> None:
    tenant = Tenant(cluster, f"cl-{uuid.uuid4().hex[:8]}")
    cluster.kill_nats_node(0)
    builds = cluster.config.instances("build")
    for name in builds:
        cluster.stop_service(name, sig=signal.SIGKILL)
    try:
        created = tenant.upload("owner@example.com")
        time.sleep(2)  # the upload waits in the stream while no build replica runs
        assert tenant.status(created["upload_id"])["status"] != "awaiting_payment"
        for name in builds:
            cluster.start_service(name)
        ready = tenant.wait_for(
            created["upload_id"], lambda b: b["status"] == "awaiting_payment", 120
        )
        assert tenant.pay(ready["payment_id"], key=f"pay-{created['upload_id']}").is_success
        done = tenant.wait_for(created["upload_id"], lambda b: b["status"] == "published", 90)
    finally:
        cluster.start_nats_node(0)
        for name in builds:
            if name not in cluster.processes:
                cluster.start_service(name)
    assert_ledger_holds_each_event_once(tenant, {item["id"] for item in done["timeline"]})


def readiness(cluster: ClusterStack) -> dict[str, tuple[int, list[str]]]:
    found = {}
    for name in cluster.config.instances():
        try:
            response = httpx.get(f"{cluster.config.url(name)}/health/ready", timeout=5)
        except httpx.HTTPError:
            continue
        found[name] = (response.status_code, response.json()["failing"])
    return found


def test_readiness_names_postgres_or_s3_while_it_is_down_and_recovers_by_itself(
    cluster: ClusterStack,
) -> None:
    assert cluster.postgres is not None
    cluster.postgres.crash()
    try:
        every = cluster.config.instances()
        assert readiness(cluster) == {name: (503, ["database"]) for name in every}
    finally:
        cluster.postgres.start()
    wait_until(
        lambda: all(status == 200 for status, _ in readiness(cluster).values()),
        60,
        "every replica ready again after PostgreSQL",
    )

    cluster.kill_s3()
    try:
        assert readiness(cluster) == {name: (503, ["blobs"]) for name in every}
    finally:
        cluster.start_s3()
    wait_until(
        lambda: all(status == 200 for status, _ in readiness(cluster).values()),
        90,
        "every replica ready again after SeaweedFS",
    )
    tenant = Tenant(cluster, f"cl-{uuid.uuid4().hex[:8]}")
    publish_a_brief(cluster, tenant, upload_at="upload-2", pay_at="payment-2")
