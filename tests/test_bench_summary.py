"""`make bench` ends by holding each figure the benchmarks wrote to its bound."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.summary import BOUNDS, summarise

pytestmark = pytest.mark.unit


def write(folder: Path, name: str, result: dict[str, object]) -> None:
    (folder / f"{name}.json").write_text(json.dumps(result))


def test_each_bound_is_read_from_its_result_and_a_missing_benchmark_is_not_run(
    tmp_path: Path,
) -> None:
    consumer = [
        {"database": db, "subscription": kind, "consumer_vs_raw_ratio": ratio}
        for db, kind, ratio in (
            ("SQLite", "savepoints", 0.55),
            ("SQLite", "store-only", 0.7),
            ("PostgreSQL", "savepoints", 0.49),
            ("PostgreSQL", "store-only", 0.66),
        )
    ]
    write(tmp_path, "consumer", {"consumer": consumer})
    write(tmp_path, "upload", {"ratio": 0.8})
    write(tmp_path, "idle", {"stack_core_percent": 1.0})
    write(tmp_path, "e2e", {"distributed": {"steady": {"p99_ms": 507.0}}})
    held = {row["figure"]: (row["measured"], row["holds"]) for row in summarise(tmp_path)}
    assert len(held) == len(BOUNDS)
    assert held["consumer path ÷ raw, SQLite, savepoint per event"] == (0.55, True)
    assert held["consumer path ÷ raw, PostgreSQL, savepoint per event"] == (0.49, False)
    assert held["upload ÷ raw blob put"] == (0.8, True)  # the bound itself holds
    assert held["stack at rest, % of one core"] == (1.0, False)  # under 1%, not at it
    assert held["upload → SitePublished p99 at 5/s, six services + NATS, ms"] == (507.0, True)
    assert held["ledger append ÷ raw insert, SQLite"] == (None, None)
    assert held["FastStream batch subscriber ÷ raw nats-py"] == (None, None)
