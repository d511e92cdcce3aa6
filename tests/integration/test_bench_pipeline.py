"""The end-to-end benchmark's baseline is a real pipeline: the six composition roots, wired
without a bus, take briefs all the way to a published site with every side effect."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from bench.bus_bench import fill
from bench.common import group_ticks, peak_rss_mib
from bench.consumer_bench import consumer_path, raw
from bench.e2e_bench import Phase, corpus, run_in_process, subject_matches
from hotstack_contracts import (
    BuildCompleted,
    BuildStarted,
    IntentExtracted,
    NotificationSent,
    PaymentRequested,
    PaymentSettled,
    SitePublished,
    UploadReceived,
)
from hotstack_tools.processes import NatsServer

pytestmark = pytest.mark.integration
PIPELINE = [
    e.subject
    for e in (
        UploadReceived,
        IntentExtracted,
        BuildStarted,
        BuildCompleted,
        PaymentRequested,
        PaymentSettled,
        SitePublished,
    )
]


def test_subjects_match_as_nats_matches_them() -> None:
    assert subject_matches("hotstack.*.*.*", "hotstack.upload.received.v1")
    assert subject_matches("hotstack.>", "hotstack.upload.received.v1")
    assert subject_matches("hotstack.upload.received.v1", "hotstack.upload.received.v1")
    assert not subject_matches("hotstack.*.*.*", "hotstack.dlq.upload.received.v1")
    assert not subject_matches("hotstack.*.*.*", "hotstack.upload.received")
    assert not subject_matches("hotstack.>", "hotstack")
    assert not subject_matches("hotstack.build.completed.v1", "hotstack.build.failed.v1")


async def test_in_one_process_briefs_reach_a_published_site_with_every_side_effect(
    tmp_path: Path,
) -> None:
    briefs = [b for b in corpus() if b[0].endswith((".md", ".pdf", ".docx"))][:3]
    phase = Phase("check", None)

    usage = await run_in_process(tmp_path, briefs, [(phase, len(briefs))], warmup=0)
    assert usage["six services in one process"]["cpu_seconds"] > 0

    assert len(phase.published) == len(briefs)
    assert all(phase.published[u] > phase.started[u] for u in phase.published)
    with sqlite3.connect(tmp_path / "upload.db") as db:
        statuses = dict(db.execute("SELECT id, status FROM upload_sessions").fetchall())
    assert statuses == dict.fromkeys(phase.published, "published")
    with sqlite3.connect(tmp_path / "ledger.db") as db:
        types = [t for (t,) in db.execute("SELECT event_type FROM ledger_entries")]
        (distinct,) = db.execute("SELECT count(DISTINCT event_id) FROM ledger_entries").fetchone()
    assert distinct == len(types)  # each event once
    pipeline = [t for t in types if not t.startswith("hotstack.notification.")]
    assert sorted(set(pipeline)) == sorted(PIPELINE)
    assert len(pipeline) == len(PIPELINE) * len(briefs)
    # Every email the sink received is in the chain as a NotificationSent.
    sent = types.count(NotificationSent.subject)
    assert sent >= len(briefs)
    assert len(list((tmp_path / "mail").glob("*.eml"))) == sent


async def test_the_consumer_benchmark_applies_every_event_once_on_both_paths(
    tmp_path: Path, fresh_nats: NatsServer
) -> None:
    await fill(fresh_nats.url, 40)
    store = f"sqlite+aiosqlite:///{tmp_path / 'consumer.db'}"
    assert await raw(fresh_nats.url, store, 40, 16, "check") > 0
    assert await consumer_path(fresh_nats.url, store, 40, 16, "check") > 0  # checks its inbox
    with sqlite3.connect(tmp_path / "consumer.db") as db:
        counts = dict(db.execute("SELECT consumer, count(*) FROM inbox GROUP BY consumer"))
    assert counts == {"bench-raw-check": 40, "bench-consumer-path-check": 40}


def test_the_idle_benchmark_reads_a_process_groups_cpu_time_and_peak_memory() -> None:
    before = group_ticks(os.getpgid(0))
    end = time.process_time() + 0.3
    while time.process_time() < end:  # spend CPU time in this test's own process group
        pass
    assert group_ticks(os.getpgid(0)) > before
    assert peak_rss_mib(os.getpid()) > 10
