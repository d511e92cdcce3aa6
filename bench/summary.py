"""Every figure `make bench` holds to a bound, read from bench/results/, beside its bound.

Each figure is a ratio to a baseline measured in the same run (or, for the stack at rest
and the end-to-end latency, an absolute bound); this only gathers what the benchmarks
wrote, and says whether each bound holds. A result file that is missing is "not run".
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .common import report

Results = dict[str, Any]


@dataclass(frozen=True)
class Bound:
    """One figure: where it is in the results, and the bound it is held to."""

    figure: str
    source: str  # the result file's stem
    value: Callable[[Results], float]
    limit: float
    at_least: bool = True  # False: the figure must stay below the limit

    def holds(self, measured: float) -> bool:
        return measured >= self.limit if self.at_least else measured < self.limit

    @property
    def shown(self) -> str:
        return f"{'≥' if self.at_least else '<'} {self.limit:g}"


def _consumer(database: str, subscription: str) -> Callable[[Results], float]:
    def value(results: Results) -> float:
        for row in results["consumer"]:
            if row["database"] == database and row["subscription"] == subscription:
                return float(row["consumer_vs_raw_ratio"])
        raise KeyError(f"{database} {subscription}")

    return value


def _ledger(database: str) -> Callable[[Results], float]:
    def value(results: Results) -> float:
        for row in results["ledger"]:
            if row["database"] == database:
                return float(row["append_vs_raw_ratio"])
        raise KeyError(database)

    return value


SAVEPOINTS, STORE_ONLY = "savepoint per event", "store-only"
BOUNDS = (
    *(
        Bound(
            f"consumer path ÷ raw, {database}, {label}",
            "consumer",
            _consumer(database, kind),
            0.5,
        )
        for database in ("SQLite", "PostgreSQL")
        for kind, label in (("savepoints", SAVEPOINTS), ("store-only", STORE_ONLY))
    ),
    Bound(
        "FastStream batch subscriber ÷ raw nats-py", "bus", lambda r: float(r["batch_ratio"]), 0.5
    ),
    Bound("ledger append ÷ raw insert, SQLite", "ledger", _ledger("sqlite"), 0.5),
    Bound("ledger append ÷ raw insert, PostgreSQL", "ledger", _ledger("postgresql"), 0.5),
    Bound("upload ÷ raw blob put", "upload", lambda r: float(r["ratio"]), 0.8),
    Bound(
        "stack at rest, % of one core",
        "idle",
        lambda r: float(r["stack_core_percent"]),
        1.0,
        at_least=False,
    ),
    Bound(
        "upload → SitePublished p99 at 5/s, six services + NATS, ms",
        "e2e",
        lambda r: float(r["distributed"]["steady"]["p99_ms"]),
        1000.0,
        at_least=False,
    ),
)


def summarise(folder: Path) -> list[dict[str, Any]]:
    """Each bound with what was measured (None when its benchmark did not run)."""
    found: dict[str, Results] = {}
    for path in folder.glob("*.json"):
        found[path.stem] = json.loads(path.read_text())
    rows: list[dict[str, Any]] = []
    for bound in BOUNDS:
        measured = bound.value(found[bound.source]) if bound.source in found else None
        rows.append(
            {
                "figure": bound.figure,
                "measured": measured,
                "bound": bound.shown,
                "holds": None if measured is None else bound.holds(measured),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, default=Path("bench/results"))
    args = parser.parse_args()
    rows = summarise(args.results)
    report(
        args.results / "summary.json",
        {"bounds": rows},
        ("figure", "measured", "bound", "holds"),
        [
            (
                row["figure"],
                "not run" if row["measured"] is None else f"{row['measured']:,.2f}",
                row["bound"],
                {None: "—", True: "yes", False: "**no**"}[row["holds"]],
            )
            for row in rows
        ],
    )


if __name__ == "__main__":
    main()
