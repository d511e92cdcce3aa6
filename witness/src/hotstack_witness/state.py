"""What the witness has seen: the latest co-signed checkpoint per origin, in SQLite, checked
and updated in one write transaction (two racing submissions cannot roll a log back), and
every refused submission from a known log kept as evidence."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from hotstack_ledger.domain.notes import Checkpoint

from .witnessing import RefusalError, Seen, Submission, origin_of

SCHEMA = """
CREATE TABLE IF NOT EXISTS checkpoints (
    origin TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    root BLOB NOT NULL,
    note TEXT NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS refusals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    origin TEXT NOT NULL,
    old_size INTEGER NOT NULL,
    note TEXT NOT NULL,
    status INTEGER NOT NULL,
    reason TEXT NOT NULL,
    at REAL NOT NULL
);
"""


class WitnessState:
    """One SQLite file; each call opens its own connection (calls run on worker threads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as connection:
            connection.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        return connection

    def seen(self, origin: str) -> Seen | None:
        """The latest checkpoint co-signed for an origin."""
        with closing(self._connect()) as connection:
            row = connection.execute(
                "SELECT size, root FROM checkpoints WHERE origin = ?", (origin,)
            ).fetchone()
        return Seen(row[0], bytes(row[1])) if row else None

    def advance(
        self, submission: Submission, check: Callable[[Seen | None], Checkpoint]
    ) -> Checkpoint:
        """Check a submission against what was seen and record it, atomically; a refusal of
        a known log's signed checkpoint is recorded too, then raised."""
        origin = origin_of(submission.note)
        connection = self._connect()
        try:
            connection.execute("BEGIN IMMEDIATE")
            row = connection.execute(
                "SELECT size, root FROM checkpoints WHERE origin = ?", (origin,)
            ).fetchone()
            try:
                checkpoint = check(Seen(row[0], bytes(row[1])) if row else None)
            except RefusalError as refusal:
                if refusal.status in (409, 422):  # signed by the log: evidence
                    connection.execute(
                        "INSERT INTO refusals (origin, old_size, note, status, reason, at)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            origin,
                            submission.old_size,
                            submission.note,
                            refusal.status,
                            refusal.reason,
                            time.time(),
                        ),
                    )
                connection.execute("COMMIT")
                raise
            connection.execute(
                "INSERT INTO checkpoints (origin, size, root, note, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (origin) DO UPDATE SET"
                " size = excluded.size, root = excluded.root, note = excluded.note,"
                " updated_at = excluded.updated_at",
                (origin, checkpoint.size, checkpoint.root, submission.note, time.time()),
            )
            connection.execute("COMMIT")
            return checkpoint
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        finally:
            connection.close()

    def refusals(self, origin: str) -> list[tuple[int, str]]:
        """(status, reason) of each refused submission of an origin, oldest first."""
        with closing(self._connect()) as connection:
            rows = connection.execute(
                "SELECT status, reason FROM refusals WHERE origin = ? ORDER BY id", (origin,)
            ).fetchall()
        return [(int(status), str(reason)) for status, reason in rows]
