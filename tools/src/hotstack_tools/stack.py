"""The embedded stack: nats-server, an SMTP sink, the witness and the six services as local
processes (the cluster profile, `cluster.py`, builds on it)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

from hotstack_build.settings import Settings as BuildSettings
from hotstack_intent.settings import Settings as IntentSettings
from hotstack_ledger.settings import Settings as LedgerSettings
from hotstack_libs.settings import ServiceSettings
from hotstack_notifier.settings import Settings as NotifierSettings
from hotstack_payment.settings import Settings as PaymentSettings
from hotstack_upload.settings import Settings as UploadSettings

from .processes import NatsServer, free_port, wait_for_port

SETTINGS: dict[str, type[ServiceSettings]] = {
    "upload": UploadSettings,
    "intent": IntentSettings,
    "build": BuildSettings,
    "payment": PaymentSettings,
    "ledger": LedgerSettings,
    "notifier": NotifierSettings,
}
# Each service's documented port is its settings' own default.
SERVICES: dict[str, int] = {name: settings.default_port for name, settings in SETTINGS.items()}
WITNESS_PORT = 8007
HOST = "127.0.0.1"


def port_free(port: int, host: str = HOST) -> bool:
    """True when nothing listens on the port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def _preferred_or_free(port: int) -> int:
    return port if port_free(port) else free_port()


def service_of(instance: str) -> str:
    """The service an instance runs: `upload-2` → `upload` (an embedded one is its service)."""
    return instance.split("-", 1)[0]


@dataclass
class StackConfig:
    """Where everything lives and listens. `ports` maps each service instance to its port:
    one instance per service, named after it, unless `replicas` is more than one (then
    `upload-1`, `upload-2`, …)."""

    state_dir: Path
    nats_port: int
    smtp_port: int
    ports: dict[str, int]
    extra_env: dict[str, str] = field(default_factory=dict)
    witness_port: int = WITNESS_PORT
    replicas: int = 1
    profile: str = "embedded"

    @classmethod
    def default(cls, state_dir: Path) -> StackConfig:
        """The documented ports; NATS and SMTP move to a free port when theirs is taken."""
        taken = [f"{name} ({port})" for name, port in SERVICES.items() if not port_free(port)]
        if taken:
            raise RuntimeError(
                "ports in use: " + ", ".join(taken) + " — is HotStack already up? (make down)"
            )
        return cls(
            state_dir=state_dir.resolve(),
            nats_port=_preferred_or_free(int(os.environ.get("HOTSTACK_NATS_PORT", "4222"))),
            smtp_port=_preferred_or_free(int(os.environ.get("HOTSTACK_SMTP_PORT", "2525"))),
            ports=dict(SERVICES),
            witness_port=_preferred_or_free(WITNESS_PORT),
        )

    @classmethod
    def ephemeral(cls, state_dir: Path, **extra_env: str) -> StackConfig:
        """Free ports for everything (tests)."""
        return cls(
            state_dir=state_dir.resolve(),
            nats_port=free_port(),
            smtp_port=free_port(),
            ports={name: free_port() for name in SERVICES},
            extra_env=extra_env,
            witness_port=free_port(),
        )

    def stop_engines(self) -> list[str]:
        """Stop what runs outside the recorded processes; return its names (none here)."""
        return []

    @property
    def nats_url(self) -> str:
        """Client URL of the stack's NATS."""
        return f"nats://{HOST}:{self.nats_port}"

    @property
    def mail_dir(self) -> Path:
        """Where the SMTP sink keeps received messages."""
        return self.state_dir / "mail"

    def instances(self, service: str | None = None) -> list[str]:
        """The instances of one service, or of all of them, in start order."""
        services = [service] if service else list(SERVICES)
        if self.replicas == 1:
            return services
        return [f"{name}-{n}" for name in services for n in range(1, self.replicas + 1)]

    def url(self, name: str) -> str:
        """Base URL of an instance, or of a service's first instance (its public address)."""
        port = self.ports.get(name) or self.ports[self.instances(name)[0]]
        return f"http://{HOST}:{port}"


class Stack:
    """Starts, stops and restarts the embedded stack's processes."""

    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.nats = NatsServer(config.state_dir / "nats", port=config.nats_port, host=HOST)
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.logs = config.state_dir / "logs"

    def env_for(self, instance: str) -> dict[str, str]:
        """Environment of one service instance."""
        c = self.config
        prefix = service_of(instance).upper()
        env = dict(os.environ)
        env.update(
            {
                "HOTSTACK_ENV": env.get("HOTSTACK_ENV", "embedded"),
                "HOTSTACK_STATE_DIR": str(c.state_dir),
                "HOTSTACK_NATS_URL": c.nats_url,
                "HOTSTACK_BLOB_URL": f"file://{c.state_dir / 'blobs'}",
                "HOTSTACK_LOG_FORMAT": "json",
                "HOTSTACK_UPLOAD_URL": c.url("upload"),
                "HOTSTACK_BUILD_URL": c.url("build"),
                "HOTSTACK_PAYMENT_URL": c.url("payment"),
                f"{prefix}_HOST": HOST,
                f"{prefix}_PORT": str(c.ports[instance]),
                "NOTIFIER_SMTP_HOST": HOST,
                "NOTIFIER_SMTP_PORT": str(c.smtp_port),
                "UPLOAD_SMTP_HOST": HOST,  # sign-in links
                "UPLOAD_SMTP_PORT": str(c.smtp_port),
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(c.extra_env)
        return env

    def _spawn(self, name: str, command: list[str], env: dict[str, str] | None = None) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        with open(self.logs / f"{name}.log", "ab") as log:
            self.processes[name] = subprocess.Popen(  # noqa: S603 - our own interpreter and modules
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                start_new_session=True,
            )

    def engines(self) -> list[str]:
        """What the stack runs on besides NATS, one line each (for `hotstack up`)."""
        return [
            f"store     SQLite in {self.config.state_dir}",
            f"blobs     {self.config.state_dir / 'blobs'}",
        ]

    def start_engines(self) -> None:
        """Start what the services run on: nats-server (SQLite and the blob folder need
        nothing started)."""
        self.start_nats()

    def start_nats(self) -> None:
        """Start nats-server (JetStream on disk under the state folder)."""
        self.logs.mkdir(parents=True, exist_ok=True)
        self.nats.start(log_file=self.logs / "nats.log")
        assert self.nats.process is not None
        self.processes["nats"] = self.nats.process

    def stop_nats(self) -> None:
        """Stop nats-server."""
        self.nats.stop()
        self.processes.pop("nats", None)

    def start_mail_sink(self) -> None:
        """Start the SMTP sink."""
        self._spawn(
            "mailsink",
            [
                sys.executable,
                "-m",
                "hotstack_tools.mailsink",
                "--host",
                HOST,
                "--port",
                str(self.config.smtp_port),
                "--dir",
                str(self.config.mail_dir),
            ],
        )
        wait_for_port(HOST, self.config.smtp_port)

    def _printed(self, module: str, env: dict[str, str]) -> str:
        """What `python -m <module> key` prints: a verifier key."""
        done = subprocess.run(  # noqa: S603 - our own interpreter and modules
            [sys.executable, "-m", module, "key"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            stdin=subprocess.DEVNULL,
        )
        return done.stdout.strip()

    def start_witness(self) -> None:
        """Start the witness trusting the ledger's key; the ledger then has it co-sign each
        checkpoint (LEDGER_WITNESS_URL and the witness's key, pinned)."""
        c = self.config
        ledger_key = self._printed("hotstack_ledger.cli", self.env_for(c.instances("ledger")[0]))
        env = dict(os.environ)
        env.update(
            {
                "HOTSTACK_ENV": env.get("HOTSTACK_ENV", "embedded"),
                "HOTSTACK_STATE_DIR": str(c.state_dir),
                "HOTSTACK_LOG_FORMAT": "json",
                "WITNESS_HOST": HOST,
                "WITNESS_PORT": str(c.witness_port),
                "WITNESS_LOGS": f"* {ledger_key}",  # this stack's ledger, every tenant's log
                "PYTHONUNBUFFERED": "1",
            }
        )
        witness_key = self._printed("hotstack_witness", env)
        self._spawn("witness", [sys.executable, "-m", "hotstack_witness"], env)
        wait_for_port(HOST, c.witness_port)
        c.extra_env.setdefault("LEDGER_WITNESS_URL", f"http://{HOST}:{c.witness_port}")
        c.extra_env.setdefault("LEDGER_WITNESS_KEY", witness_key)

    def start_service(self, name: str) -> None:
        """Start one service instance."""
        command = [sys.executable, "-m", f"hotstack_{service_of(name)}"]
        self._spawn(name, command, self.env_for(name))

    def stop_service(self, name: str, sig: int = signal.SIGTERM, timeout: float = 15.0) -> None:
        """Stop one service (SIGKILL simulates a crash)."""
        process = self.processes.pop(name, None)
        if process is None:
            return
        terminate(process.pid, sig, timeout)

    def start(self, timeout: float = 60.0) -> None:
        """Start everything and wait until every service is ready."""
        self.config.state_dir.mkdir(parents=True, exist_ok=True)
        self.start_engines()
        self.start_mail_sink()
        self.start_witness()
        for name in self.config.instances():
            self.start_service(name)
        self.save()
        self.wait_ready(timeout=timeout)

    def wait_ready(self, services: list[str] | None = None, timeout: float = 60.0) -> None:
        """Poll each instance's `/health/ready` until 200, or raise naming what is not."""
        pending = list(services or self.config.instances())
        deadline = time.monotonic() + timeout
        last: dict[str, str] = {}
        with httpx.Client(timeout=2.0) as client:
            while pending and time.monotonic() < deadline:
                for name in list(pending):
                    process = self.processes.get(name)
                    if process is not None and process.poll() is not None:
                        log = self.logs / f"{name}.log"
                        raise RuntimeError(f"{name} exited with {process.returncode}; see {log}")
                    try:
                        response = client.get(f"{self.config.url(name)}/health/ready")
                    except httpx.HTTPError as error:
                        last[name] = str(error)
                        continue
                    if response.status_code == 200:
                        pending.remove(name)
                    else:
                        last[name] = response.text
                if pending:
                    time.sleep(0.2)
        if pending:
            details = "; ".join(f"{n}: {last.get(n, 'no answer')}" for n in pending)
            raise TimeoutError(f"not ready after {timeout}s: {details}")

    def stop(self) -> None:
        """Stop the services (all at once), then the witness and sink, then NATS."""
        instances = [self.processes.pop(n) for n in self.config.instances() if n in self.processes]
        terminate_all([process.pid for process in instances], signal.SIGTERM, 15.0)
        for name in ["witness", "mailsink"]:
            self.stop_service(name)
        self.stop_nats()
        (self.config.state_dir / "stack.json").unlink(missing_ok=True)

    def save(self) -> None:
        """Record pids and ports so `hotstack down` and `demo` find them."""
        record = {
            "config": {**asdict(self.config), "state_dir": str(self.config.state_dir)},
            "pids": {name: process.pid for name, process in self.processes.items()},
        }
        (self.config.state_dir / "stack.json").write_text(json.dumps(record, indent=2))


def load_record(state_dir: Path) -> dict[str, object] | None:
    """The saved stack record, if the stack is up."""
    path = state_dir / "stack.json"
    if not path.exists():
        return None
    record: dict[str, object] = json.loads(path.read_text())
    return record


def config_from_record(record: dict[str, object]) -> StackConfig:
    """Rebuild a StackConfig (or a ClusterConfig) from `stack.json`."""
    raw = dict(record["config"])  # type: ignore[call-overload]
    raw["state_dir"] = Path(raw["state_dir"])
    if raw.get("profile") == "cluster":
        from .cluster import ClusterConfig

        return ClusterConfig(**raw)
    return StackConfig(**raw)


def terminate(pid: int, sig: int, timeout: float) -> None:
    """Signal a process group and wait for its leader to exit; SIGKILL after `timeout`."""
    terminate_all([pid], sig, timeout)


def terminate_all(pids: list[int], sig: int, timeout: float) -> None:
    """Signal every process group at once, then wait for their leaders to exit; SIGKILL
    those still running after `timeout`."""
    running = []
    for pid in pids:
        try:
            os.killpg(pid, sig)
            running.append(pid)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + timeout
    while running and time.monotonic() < deadline:
        running = [pid for pid in running if not _exited(pid)]
        if running:
            time.sleep(0.05)
    for pid in running:
        try:
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


def _exited(pid: int) -> bool:
    try:
        finished, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # not our child: poll for existence instead
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False
    return finished != 0


def stop_recorded(state_dir: Path) -> list[str]:
    """Stop the processes a previous `up` recorded: the services (all at once, so that none
    publishes to an engine already gone), then everything else at once; return their
    names."""
    record = load_record(state_dir)
    if record is None:
        return []
    pids: dict[str, int] = dict(record.get("pids", {}))  # type: ignore[call-overload]
    services = [name for name in pids if service_of(name) in SERVICES]
    others = [name for name in pids if name not in services]
    terminate_all([pids[name] for name in services], signal.SIGTERM, 15.0)
    terminate_all([pids[name] for name in others], signal.SIGTERM, 15.0)
    order = services + others
    config = config_from_record(record)
    order += config.stop_engines()
    (state_dir / "stack.json").unlink(missing_ok=True)
    return order
