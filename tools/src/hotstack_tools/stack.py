"""The embedded stack: nats-server, an SMTP sink, the witness and the six services as local
processes."""

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


@dataclass
class StackConfig:
    """Where everything lives and listens."""

    state_dir: Path
    nats_port: int
    smtp_port: int
    ports: dict[str, int]
    extra_env: dict[str, str] = field(default_factory=dict)
    witness_port: int = WITNESS_PORT

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

    @property
    def nats_url(self) -> str:
        """Client URL of the stack's NATS."""
        return f"nats://{HOST}:{self.nats_port}"

    @property
    def mail_dir(self) -> Path:
        """Where the SMTP sink keeps received messages."""
        return self.state_dir / "mail"

    def url(self, service: str) -> str:
        """Base URL of a service."""
        return f"http://{HOST}:{self.ports[service]}"


class Stack:
    """Starts, stops and restarts the embedded stack's processes."""

    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.nats = NatsServer(config.state_dir / "nats", port=config.nats_port, host=HOST)
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.logs = config.state_dir / "logs"

    def env_for(self, service: str) -> dict[str, str]:
        """Environment of one service process."""
        c = self.config
        prefix = service.upper()
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
                f"{prefix}_PORT": str(c.ports[service]),
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
        ledger_key = self._printed("hotstack_ledger.cli", self.env_for("ledger"))
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
        """Start one service process."""
        self._spawn(name, [sys.executable, "-m", f"hotstack_{name}"], self.env_for(name))

    def stop_service(self, name: str, sig: int = signal.SIGTERM, timeout: float = 15.0) -> None:
        """Stop one service (SIGKILL simulates a crash)."""
        process = self.processes.pop(name, None)
        if process is None:
            return
        terminate(process.pid, sig, timeout)

    def start(self, timeout: float = 60.0) -> None:
        """Start everything and wait until every service is ready."""
        self.config.state_dir.mkdir(parents=True, exist_ok=True)
        self.start_nats()
        self.start_mail_sink()
        self.start_witness()
        for name in SERVICES:
            self.start_service(name)
        self.save()
        self.wait_ready(timeout=timeout)

    def wait_ready(self, services: list[str] | None = None, timeout: float = 60.0) -> None:
        """Poll `/health/ready` until 200, or raise naming what is not ready."""
        pending = list(services or SERVICES)
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
        """Stop services, then the sink, then NATS."""
        for name in [*SERVICES, "witness", "mailsink"]:
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
    """Rebuild a StackConfig from `stack.json`."""
    raw = dict(record["config"])  # type: ignore[call-overload]
    raw["state_dir"] = Path(raw["state_dir"])
    return StackConfig(**raw)


def terminate(pid: int, sig: int, timeout: float) -> None:
    """Signal a process group and wait for its leader to exit; SIGKILL after `timeout`."""
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            finished, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:  # not our child: poll for existence instead
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            finished = 0
        if finished:
            return
        time.sleep(0.05)
    try:
        os.killpg(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def stop_recorded(state_dir: Path) -> list[str]:
    """Stop the processes a previous `up` recorded; return their names."""
    record = load_record(state_dir)
    if record is None:
        return []
    pids: dict[str, int] = dict(record.get("pids", {}))  # type: ignore[call-overload]
    order = [*SERVICES, "witness", "mailsink", "nats"]
    for name in order:
        if name in pids:
            terminate(pids[name], signal.SIGTERM, 15.0)
    (state_dir / "stack.json").unlink(missing_ok=True)
    return [name for name in order if name in pids]
