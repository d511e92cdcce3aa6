"""The witness over HTTP: co-signs, remembers across restarts, answers the protocol's codes."""

from __future__ import annotations

import base64
from pathlib import Path

import httpx
import pytest

from hotstack_ledger.domain.merkle import consistency_proof, merkle_root
from hotstack_ledger.domain.notes import Checkpoint, Signer, Verifier
from hotstack_witness.app import create_app
from hotstack_witness.settings import Settings

pytestmark = pytest.mark.unit

LOG = Signer.from_seed("hotstack.test", bytes(range(32)))
ORIGIN = "hotstack.test/ledger/acme"
LEAVES = [bytes([i]) * 32 for i in range(12)]


def submission(old: int, size: int, leaves: list[bytes] = LEAVES) -> bytes:
    proof = consistency_proof(leaves[:size], old) if old else []
    note = LOG.sign(Checkpoint(ORIGIN, size, merkle_root(leaves[:size])).text())
    lines = [f"old {old}", *(base64.b64encode(node).decode() for node in proof)]
    return ("\n".join(lines) + "\n\n" + note).encode()


def witness(tmp_path: Path) -> httpx.AsyncClient:
    settings = Settings(
        state_dir=tmp_path, logs=f"hotstack.test/ledger/* {LOG.verifier_key}", environment="test"
    )
    app = create_app(settings)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://witness")


async def test_cosigns_extensions_and_remembers_them_across_a_restart(tmp_path: Path) -> None:
    async with witness(tmp_path) as client:
        first = await client.post("/add-checkpoint", content=submission(0, 5))
        assert first.status_code == 200, first.text
        key = (await client.get("/key")).text.strip()
        note = LOG.sign(Checkpoint(ORIGIN, 5, merkle_root(LEAVES[:5])).text())
        assert Verifier.parse(key).cosigned_at(note + first.text) > 0
    async with witness(tmp_path) as client:  # the same state folder: a restarted witness
        stale = await client.post("/add-checkpoint", content=submission(0, 12))
        assert stale.status_code == 409
        assert stale.headers["content-type"] == "text/x.tlog.size"
        assert stale.text == "5\n"
        grown = await client.post("/add-checkpoint", content=submission(5, 12))
        assert grown.status_code == 200
        assert (await client.get("/key")).text.strip() == key  # its key was kept too


async def test_a_rewrite_is_refused_and_kept_as_evidence(tmp_path: Path) -> None:
    async with witness(tmp_path) as client:
        assert (await client.post("/add-checkpoint", content=submission(0, 5))).status_code == 200
        rewritten = [*LEAVES[:2], b"\xee" * 32, *LEAVES[3:]]
        refused = await client.post("/add-checkpoint", content=submission(5, 12, rewritten))
        assert refused.status_code == 422
        state = client._transport.app.state.witness  # type: ignore[attr-defined]
        assert state.seen(ORIGIN).size == 5  # what it co-signed stands
        assert [status for status, _ in state.refusals(ORIGIN)] == [422]


async def test_bad_requests_get_the_protocol_codes(tmp_path: Path) -> None:
    async with witness(tmp_path) as client:
        assert (await client.post("/add-checkpoint", content=b"old 1")).status_code == 400
        huge = b"old 0\n" + b"A" * (65 * 1024)
        assert (await client.post("/add-checkpoint", content=huge)).status_code == 413
        stranger = Signer.from_seed("hotstack.test", bytes(32))
        note = stranger.sign(Checkpoint(ORIGIN, 1, LEAVES[0]).text())
        forged = await client.post("/add-checkpoint", content=b"old 0\n\n" + note.encode())
        assert forged.status_code == 403
