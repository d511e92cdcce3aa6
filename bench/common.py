"""What every benchmark shares: logs kept out of the way, and one way to report."""

from __future__ import annotations

import json
import logging
import os
import platform
import resource
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hotstack_libs.logging import configure_logging


@contextmanager
def logging_to(path: Path) -> Iterator[None]:
    """Log as the services do (JSON lines, INFO) but into a file, away from the table."""
    configure_logging("bench", "INFO", "json")
    handler = logging.getLogger().handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    with open(path, "a") as log_file:
        handler.setStream(log_file)
        try:
            yield
        finally:
            logging.getLogger().handlers.clear()


def report(
    out: Path, result: dict[str, Any], header: Sequence[str], rows: Iterable[Sequence[str]]
) -> None:
    """Write the result as JSON (with the machine it ran on) and print it as a table."""
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    peak = round(own_peak_rss_mib())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps({**result, "machine": machine, "bench_peak_rss_mib": peak}, indent=2) + "\n"
    )
    lines = ["| " + " | ".join(header) + " |", "|---" + "|---:" * (len(header) - 1) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    lines.append(f"\npeak RSS of the benchmark's own process: {peak} MiB")
    print("\n".join(lines))  # noqa: T201


def peak_rss_mib(pid: int) -> float:
    """A process's peak resident set (VmHWM), MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def own_peak_rss_mib() -> float:
    """This process's peak resident set so far, MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


TICKS = os.sysconf("SC_CLK_TCK")


def process_stat(pid: int) -> tuple[int, int, int] | None:
    """(parent, process group, user + system ticks) of one process, or None once gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return int(fields[1]), int(fields[2]), int(fields[11]) + int(fields[12])


def group_ticks(leader: int) -> int:
    """CPU ticks used so far by `leader`, every process of its process group, and its
    children (a server such as PostgreSQL forks its workers)."""
    total = 0
    for entry in os.listdir("/proc"):
        pid = int(entry) if entry.isdigit() else 0
        found = process_stat(pid) if pid else None
        if found and leader in (pid, found[0], found[1]):
            total += found[2]
    return total
