"""Cost at rest: the embedded stack started and left alone, CPU time of each process over a
window (from /proc: user + system time of the process and every process of its group, so a
service's document workers count as the service's), and each process's peak RSS.

The stack is the six services and nats-server; the witness and the SMTP sink run beside it
(they are not HotStack) and are reported apart. The same-run baseline is a nats-server of
its own (JetStream on, no clients), running beside the stack and measured over the same
window: what a broker costs at rest before anything uses it.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from hotstack_tools.processes import NatsServer
from hotstack_tools.stack import SERVICES, Stack, StackConfig

from .common import TICKS, group_ticks, peak_rss_mib, report

BASELINE = "baseline: a nats-server alone"


def measure(seconds: float, settle: float) -> dict[str, dict[str, float]]:
    """Start the stack and, beside it, a nats-server nothing connects to (the baseline, under
    `BASELINE`); let them settle, then each process's share of one core over the same
    window, and its peak RSS."""
    with tempfile.TemporaryDirectory() as folder:
        alone = NatsServer(Path(folder) / "baseline-nats")
        alone.start()
        stack = Stack(StackConfig.ephemeral(Path(folder) / "stack"))
        try:
            stack.start(120)
            assert stack.nats.process is not None
            assert alone.process is not None
            leaders = {name: process.pid for name, process in stack.processes.items()}
            leaders["nats-server"] = stack.nats.process.pid
            leaders[BASELINE] = alone.process.pid
            time.sleep(settle)
            before = {name: group_ticks(pid) for name, pid in leaders.items()}
            started = time.monotonic()
            time.sleep(seconds)
            elapsed = time.monotonic() - started
            after = {name: group_ticks(pid) for name, pid in leaders.items()}
            return {
                name: {
                    "core_percent": 100 * (after[name] - before[name]) / TICKS / elapsed,
                    "peak_rss_mib": peak_rss_mib(pid),
                }
                for name, pid in leaders.items()
            }
        finally:
            stack.stop()
            alone.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--settle", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=Path("bench/results/idle.json"))
    args = parser.parse_args()
    found = measure(args.seconds, args.settle)
    baseline = found.pop(BASELINE)["core_percent"]
    stack = [*SERVICES, "nats-server"]
    total = sum(found[name]["core_percent"] for name in stack)
    rows = [
        (name, f"{found[name]['core_percent']:.2f}", f"{found[name]['peak_rss_mib']:.0f}")
        for name in [*stack, "witness", "mailsink"]
        if name in found
    ]
    rows.append(("**stack (services + nats-server)**", f"**{total:.2f}**", ""))
    rows.append(("baseline: a nats-server alone, same window", f"{baseline:.2f}", ""))
    report(
        args.out,
        {
            "seconds": args.seconds,
            "processes": found,
            "stack_core_percent": round(total, 3),
            "nats_server_alone_core_percent": round(baseline, 3),
        },
        ("process", "% of one core at rest", "peak RSS MiB"),
        rows,
    )


if __name__ == "__main__":
    main()
