"""Ledger throughput: batched chain appends vs a raw batched insert of the same rows, and
inclusion proofs from the stored subtrees vs the same proofs computed from every leaf.

Appends and the raw baseline run on the same database, in batches of the same size, one
transaction per batch. The raw baseline inserts precomputed rows (no duplicate check, no
head lock, no hashing, no canonical JSON, no subtree rows), so the ratio is the cost of the
chain's guarantees. Proofs are asked for random entries of one tenant's large tree; the
baseline reads all its leaf hashes and computes the proof from them, and both must agree.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from hotstack_contracts import Envelope
from hotstack_ledger import store
from hotstack_ledger.bootstrap import MIGRATIONS
from hotstack_ledger.domain.chain import GENESIS_HASH, entry_bytes, leaf_hash
from hotstack_ledger.domain.merkle import inclusion_proof, merkle_root
from hotstack_ledger.domain.notes import Signer, Verifier
from hotstack_ledger.proofs import prove_inclusion
from hotstack_ledger.service import append_events, verify_tenant
from hotstack_libs.bus import TransactionFactory
from hotstack_libs.store import create_engine, migrate
from hotstack_libs.timeutil import utcnow
from hotstack_tools.testing import postgres
from hotstack_tools.testing.factories import upload_received

from .common import report


def events(count: int, tenants: int, prefix: str) -> list[Envelope[Any]]:
    return [upload_received(f"{prefix}-{index % tenants}") for index in range(count)]


def raw_rows(batch: list[Envelope[Any]], heads: dict[str, tuple[int, str]]) -> list[dict[str, Any]]:
    rows = []
    for envelope in batch:
        seq, previous = heads.get(envelope.tenant, (0, GENESIS_HASH))
        entry = entry_bytes(
            tenant_id=envelope.tenant,
            seq=seq + 1,
            event_id=envelope.id,
            event_type=envelope.type,
            payload=envelope.model_dump(mode="json"),
            created_at=utcnow(),
            previous_hash=previous,
        )
        digest = leaf_hash(entry).hex()
        heads[envelope.tenant] = (seq + 1, digest)
        rows.append(
            {
                "tenant_id": envelope.tenant,
                "seq": seq + 1,
                "event_id": envelope.id,
                "event_type": envelope.type,
                "entry": entry,
                "previous_hash": previous,
                "hash": digest,
                "created_at": utcnow(),
            }
        )
    return rows


# No checkpoints are signed here, so the audit checks the chain, head and subtrees only.
VERIFIER = Verifier.parse(Signer.from_seed("bench", bytes(32)).verifier_key)
INSERT = sa.text(
    "INSERT INTO ledger_entries (tenant_id, seq, event_id, event_type, entry, previous_hash,"
    " hash, created_at) VALUES (:tenant_id, :seq, :event_id, :event_type, :entry,"
    " :previous_hash, :hash, :created_at)"
)


async def run_on(
    url: str, count: int, tenants: int, batch_size: int, tree_size: int
) -> dict[str, Any]:
    appended = events(count, tenants, "bench")
    baseline_events = events(count, tenants, "raw")
    engine = create_engine(url)
    await migrate(engine, MIGRATIONS)
    sessions = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
    transactions = TransactionFactory(sessions)
    batches = [appended[i : i + batch_size] for i in range(0, count, batch_size)]
    # Baseline: rows of the same shape and size for other tenants, precomputed, inserted raw.
    heads: dict[str, tuple[int, str]] = {}
    prepared = [
        raw_rows(baseline_events[i : i + batch_size], heads) for i in range(0, count, batch_size)
    ]

    # The two alternate batch by batch, so that both meet the same table sizes and the
    # same moment of a machine whose speed drifts.
    append_seconds = raw_seconds = 0.0
    for batch, rows in zip(batches, prepared, strict=True):
        started = time.perf_counter()
        async with transactions() as tx:
            await append_events(batch, tx)
        append_seconds += time.perf_counter() - started
        started = time.perf_counter()
        async with engine.begin() as connection:
            await connection.execute(INSERT, rows)
        raw_seconds += time.perf_counter() - started

    started = time.perf_counter()
    async with sessions() as session:
        for n in range(tenants):
            tenant = f"bench-{n}"
            result = await verify_tenant(session, tenant, VERIFIER, f"bench/ledger/{tenant}")
            assert result.ok
    verify_seconds = time.perf_counter() - started

    proofs = await proof_rates(transactions, sessions, tree_size, batch_size)
    await engine.dispose()
    return {
        "database": engine.dialect.name,
        "events": count,
        "tenants": tenants,
        "batch_size": batch_size,
        "append_per_second": round(count / append_seconds),
        "raw_insert_per_second": round(count / raw_seconds),
        "append_vs_raw_ratio": round(raw_seconds / append_seconds, 3),
        "verify_per_second": round(count / verify_seconds),
        **proofs,
    }


async def proof_rates(
    transactions: TransactionFactory,
    sessions: async_sessionmaker[AsyncSession],
    tree_size: int,
    batch_size: int,
) -> dict[str, Any]:
    """Inclusion proofs per second in one tenant's tree of `tree_size` entries, both ways."""
    tenant = "bench-tree"
    tree = [upload_received(tenant) for _ in range(tree_size)]
    for start in range(0, tree_size, batch_size):
        async with transactions() as tx:
            await append_events(tree[start : start + batch_size], tx)
    picks = random.Random(7)  # noqa: S311 (which entries to ask for; not a secret)
    asked = [picks.randrange(tree_size) for _ in range(400)]

    started = time.perf_counter()
    async with sessions() as session:
        from_nodes = [await prove_inclusion(session, tenant, i, tree_size) for i in asked]
    nodes_seconds = time.perf_counter() - started

    baseline = asked[:20]
    started = time.perf_counter()
    async with sessions() as session:
        from_leaves = []
        for index in baseline:
            leaves = await store.leaf_hashes(session, tenant, tree_size)
            from_leaves.append((inclusion_proof(leaves, index), merkle_root(leaves)))
    leaves_seconds = time.perf_counter() - started
    assert [(p.proof, p.root) for p in from_nodes[: len(baseline)]] == from_leaves
    return {
        "tree_size": tree_size,
        "proofs_per_second": round(len(asked) / nodes_seconds),
        "leaf_scan_proofs_per_second": round(len(baseline) / leaves_seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--tenants", type=int, default=8)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--tree", type=int, default=50_000, help="entries of the proof tree")
    parser.add_argument("--out", type=Path, default=Path("bench/results/ledger.json"))
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.db"
        results.append(asyncio.run(run_on(url, args.events, args.tenants, args.batch, args.tree)))
    if postgres.reachable() is None:
        with postgres.temporary_database("hotstack_bench") as url:
            results.append(
                asyncio.run(run_on(url, args.events, args.tenants, args.batch, args.tree))
            )
    report(
        args.out,
        {"ledger": results},
        (
            "database",
            "append/s",
            "raw insert/s",
            "append ÷ raw",
            "verify/s",
            "proofs/s",
            "leaf-scan proofs/s",
            "proofs ÷ leaf scan",
        ),
        [
            (
                r["database"],
                f"{r['append_per_second']:,}",
                f"{r['raw_insert_per_second']:,}",
                f"{r['append_vs_raw_ratio']:.2f}",
                f"{r['verify_per_second']:,}",
                f"{r['proofs_per_second']:,}",
                f"{r['leaf_scan_proofs_per_second']:,}",
                f"{r['proofs_per_second'] / r['leaf_scan_proofs_per_second']:,.0f}",
            )
            for r in results
        ],
    )


if __name__ == "__main__":
    main()
