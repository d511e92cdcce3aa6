"""The ledger end to end: ingest, verify, checkpoints, proofs, export, offline CLI, tampering."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import nats
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from hotstack_contracts import Envelope, LedgerCheckpointed, UploadReceived, new_id
from hotstack_ledger.bootstrap import MIGRATIONS, create_app
from hotstack_ledger.cli import main as cli_main
from hotstack_ledger.domain.bundle import verify_bundle
from hotstack_ledger.domain.merkle import (
    EMPTY_ROOT,
    consistency_proof,
    frontier_append,
    frontier_root,
    inclusion_proof,
    merkle_root,
    verify_consistency,
    verify_inclusion,
)
from hotstack_ledger.domain.notes import Checkpoint, Verifier
from hotstack_ledger.settings import Settings
from hotstack_ledger.signing import load_signer
from hotstack_libs.auth import mint_token
from hotstack_libs.http import Runtime, service_of
from hotstack_libs.settings import DEV_AUTH_SECRET
from hotstack_libs.store import migrate
from hotstack_tools.processes import NatsServer, free_port, wait_for_port
from hotstack_tools.testing.factories import upload_received
from hotstack_tools.testing.services import eventually
from hotstack_witness.state import WitnessState

pytestmark = pytest.mark.integration


def upload_event(tenant: str) -> Envelope[UploadReceived]:
    return upload_received(tenant)


async def publish(url: str, events: list[Envelope[Any]], duplicate_every: int = 0) -> None:
    client = await nats.connect(url)
    js = client.jetstream()
    try:
        for index, event in enumerate(events):
            await js.publish(event.type, event.to_json(), headers={"Nats-Msg-Id": event.id})
            if duplicate_every and index % duplicate_every == 0:
                await js.publish(
                    event.type, event.to_json(), headers={"Nats-Msg-Id": "d" + event.id}
                )
    finally:
        await client.close()


class Ledger:
    def __init__(self, app: FastAPI, client: httpx.AsyncClient, tenant: str) -> None:
        self.app = app
        self.client = client
        self.tenant = tenant
        token = mint_token(DEV_AUTH_SECRET, tenant)
        self.headers = {"Authorization": f"Bearer {token}"}

    async def get(self, path: str, **params: Any) -> Any:
        response = await self.client.get(
            f"/api/ledger/{self.tenant}{path}", params=params, headers=self.headers
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def size(self) -> int:
        return len((await self.get("/entries", limit=1000))["entries"])

    async def execute(self, sql: str, **params: Any) -> None:
        runtime: Runtime[Any] = service_of(self.app).runtime
        async with runtime.engine.begin() as connection:
            await connection.execute(sa.text(sql), params)

    async def rows(self, sql: str, **params: Any) -> list[Any]:
        """What a query reads from the ledger's own database, past its API."""
        runtime: Runtime[Any] = service_of(self.app).runtime
        async with runtime.engine.connect() as connection:
            return list((await connection.execute(sa.text(sql), params)).all())


def ledger_settings(database_url: str, nats_url: str, state_dir: Path, **more: Any) -> Settings:
    return Settings(
        database_url=database_url,
        nats_url=nats_url,
        state_dir=state_dir,
        environment="test",
        checkpoint_every_entries=5,
        checkpoint_every_seconds=0.5,
        **more,
    )


@pytest.fixture
async def ledger(
    database_url: str, fresh_nats: NatsServer, tmp_path: Path
) -> AsyncIterator[Ledger]:
    async for running in serve_ledger(ledger_settings(database_url, fresh_nats.url, tmp_path)):
        yield running


async def serve_ledger(settings: Settings) -> AsyncIterator[Ledger]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ledger") as client:

            async def ready() -> bool:
                return (await client.get("/health/ready")).status_code == 200

            await eventually(ready)
            yield Ledger(app, client, f"t-{new_id('x')[-10:]}")


async def fill(ledger: Ledger, nats_url: str, count: int) -> list[Envelope[Any]]:
    events = [upload_event(ledger.tenant) for _ in range(count)]
    await publish(nats_url, events, duplicate_every=3)

    async def all_in() -> bool:
        return await ledger.size() == count

    await eventually(all_in)
    return events


async def test_chain_checkpoint_proofs_and_export_all_verify(
    ledger: Ledger, fresh_nats: NatsServer, tmp_path: Path
) -> None:
    events = await fill(ledger, fresh_nats.url, 13)
    entries = (await ledger.get("/entries"))["entries"]
    assert [e["event_id"] for e in entries] == [e.id for e in events]
    assert (await ledger.get("/verify"))["ok"]

    first = await ledger.get("/checkpoint")
    verifier = Verifier.parse(first["verifier_key"])
    signed = Checkpoint.parse(verifier.open(first["note"]))
    assert signed.size == 13
    assert signed.origin == f"hotstack.local/ledger/{ledger.tenant}"

    proof = await ledger.get("/proof/inclusion", seq=5, size=13)
    verify_inclusion(
        4,
        13,
        base64.b64decode(proof["leaf_hash"]),
        [base64.b64decode(p) for p in proof["proof"]],
        signed.root,
    )
    assert proof["leaf_hash"] == base64.b64encode(bytes.fromhex(entries[4]["hash"])).decode()

    await fill_more(ledger, fresh_nats.url, 13, 8)
    second = await ledger.get("/checkpoint")
    later = Checkpoint.parse(verifier.open(second["note"]))
    consistency = await ledger.get("/proof/consistency", first=13, second=later.size)
    verify_consistency(
        13, later.size, [base64.b64decode(p) for p in consistency["proof"]], signed.root, later.root
    )

    bundle = await ledger.get("/export")
    report = verify_bundle(bundle, first["verifier_key"], first["note"])
    assert report.size == 21
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle))
    previous = tmp_path / "previous.note"
    previous.write_text(first["note"])
    with pytest.raises(SystemExit) as done:
        cli_main(["verify", str(path), "--key", first["verifier_key"], "--previous", str(previous)])
    assert done.value.code == 0


async def test_checkpoints_are_published_and_kept_ones_expose_a_rewrite(
    ledger: Ledger, fresh_nats: NatsServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await fill(ledger, fresh_nats.url, 6)
    first = await ledger.get("/checkpoint")
    published = await ledger.rows(
        "SELECT payload FROM outbox WHERE subject = :s", s=LedgerCheckpointed.subject
    )
    envelopes = [json.loads(row.payload) for row in published]
    events = [envelope["data"] for envelope in envelopes]
    assert [(e["size"], e["note"]) for e in events] == [(6, first["note"])]

    async def consumed() -> bool:  # the ledger received its own checkpoint event…
        return bool(
            await ledger.rows("SELECT 1 FROM inbox WHERE event_id = :e", e=envelopes[0]["id"])
        )

    await eventually(consumed)
    await fill_more(ledger, fresh_nats.url, 6, 3)
    assert await ledger.size() == 9  # …and did not chain it

    # What a tenant kept: the checkpoint event as its webhook delivered it, and a checkpoint
    # of size 4 signed before the log's first four entries were rewritten.
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "6.json").write_text(
        json.dumps({"type": LedgerCheckpointed.subject, "data": events[0]})
    )
    signer = service_of(ledger.app).dependencies.checkpointer.signer
    origin = service_of(ledger.app).dependencies.checkpointer.origin(ledger.tenant)
    (kept / "4.note").write_text(signer.sign(Checkpoint(origin, 4, b"\x07" * 32).text()))
    bundle = tmp_path / "bundle.json"
    bundle.write_text(json.dumps(await ledger.get("/export")))
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        cli_main(["verify", str(bundle), "--key", first["verifier_key"], "--kept", str(kept)])
    assert done.value.code == 1
    said = capsys.readouterr().err
    assert "first inconsistent kept checkpoint is size 4 (4.note)" in said
    (kept / "4.note").unlink()
    with pytest.raises(SystemExit) as done:
        cli_main(["verify", str(bundle), "--key", first["verifier_key"], "--kept", str(kept)])
    assert done.value.code == 0
    assert "consistent with 1 kept checkpoint(s)" in capsys.readouterr().out


async def fill_more(ledger: Ledger, nats_url: str, have: int, more: int) -> None:
    await publish(nats_url, [upload_event(ledger.tenant) for _ in range(more)])

    async def all_in() -> bool:
        return await ledger.size() == have + more

    await eventually(all_in)


def run_cli(bundle: dict[str, Any], key: str, tmp_path: Path) -> tuple[int, str]:
    path = tmp_path / f"{new_id('b')}.json"
    path.write_text(json.dumps(bundle))
    try:
        cli_main(["verify", str(path), "--key", key])
    except SystemExit as done:
        return int(done.code or 0), ""
    raise AssertionError("the CLI always exits")


async def test_tampered_bundles_fail_offline_naming_the_entry(
    ledger: Ledger, fresh_nats: NatsServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await fill(ledger, fresh_nats.url, 9)
    bundle = await ledger.get("/export")
    key = bundle["verifier_key"]
    assert run_cli(bundle, key, tmp_path)[0] == 0

    def altered(change: Any) -> dict[str, Any]:
        copy: dict[str, Any] = json.loads(json.dumps(bundle))
        change(copy["entries"])
        return copy

    def flip_byte(entries: list[dict[str, Any]]) -> None:
        raw = bytearray(base64.b64decode(entries[3]["entry_b64"]))
        raw[raw.index(b"brief.md")] ^= 0x01
        entries[3]["entry_b64"] = base64.b64encode(bytes(raw)).decode()

    def swap(entries: list[dict[str, Any]]) -> None:
        entries[5], entries[6] = entries[6], entries[5]

    for change, seq in ((flip_byte, 4), (lambda e: e.pop(2), 3), (swap, 6)):
        capsys.readouterr()
        code, _ = run_cli(altered(change), key, tmp_path)
        assert code == 1
        assert f"(seq {seq})" in capsys.readouterr().err

    other_key = "other+00000000+" + base64.b64encode(b"\x01" + bytes(32)).decode()
    assert run_cli(bundle, other_key, tmp_path)[0] == 1
    assert run_cli({"format": "nonsense"}, key, tmp_path)[0] == 1


@pytest.mark.parametrize("tamper", ["byte", "delete", "swap"])
async def test_tampering_with_stored_entries_is_named_by_verify(
    tamper: str, ledger: Ledger, fresh_nats: NatsServer
) -> None:
    await fill(ledger, fresh_nats.url, 8)
    if tamper == "byte":
        entries = (await ledger.get("/entries"))["entries"]
        raw = bytearray(base64.b64decode(entries[4]["entry_b64"]))
        raw[raw.index(b"brief.md")] = ord("B")
        await ledger.execute(
            "UPDATE ledger_entries SET entry = :entry WHERE tenant_id = :t AND seq = 5",
            entry=bytes(raw),
            t=ledger.tenant,
        )
        expected = 5
    elif tamper == "delete":
        await ledger.execute(
            "DELETE FROM ledger_entries WHERE tenant_id = :t AND seq = 3", t=ledger.tenant
        )
        expected = 3
    else:
        entries = (await ledger.get("/entries"))["entries"]
        for seq, other in ((6, 7), (7, 6)):
            await ledger.execute(
                "UPDATE ledger_entries SET entry = :entry WHERE tenant_id = :t AND seq = :seq",
                entry=base64.b64decode(entries[other - 1]["entry_b64"]),
                t=ledger.tenant,
                seq=seq,
            )
        expected = 6
    result = await ledger.get("/verify")
    assert result["ok"] is False
    assert result["first_broken_seq"] == expected


async def test_other_tenants_cannot_read_a_ledger(ledger: Ledger) -> None:
    token = mint_token(DEV_AUTH_SECRET, "someone-else")
    for path in ("/entries", "/verify", "/checkpoint", "/export", "/proof/inclusion?seq=1"):
        response = await ledger.client.get(
            f"/api/ledger/{ledger.tenant}{path}", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "/entries?after=9223372036854775808",  # past SQLite's and PostgreSQL's integers
        "/entries?after=9007199254740992",  # past what an event's numbers may hold
        "/proof/inclusion?seq=99999999999999999999",
        "/proof/consistency?first=1&second=18446744073709551616",
    ],
)
async def test_integers_beyond_the_store_are_refused_with_422(ledger: Ledger, query: str) -> None:
    response = await ledger.client.get(
        f"/api/ledger/{ledger.tenant}{query}", headers=ledger.headers
    )
    assert response.status_code == 422, response.text


async def checkpoints_of(ledger: Ledger) -> list[tuple[int, str]]:
    rows = await ledger.rows(
        "SELECT size, note FROM ledger_checkpoints WHERE tenant_id = :t ORDER BY size",
        t=ledger.tenant,
    )
    return [(row.size, row.note) for row in rows]


async def test_checkpoints_are_signed_in_the_background_and_each_extends_the_last(
    ledger: Ledger, fresh_nats: NatsServer
) -> None:
    await fill(ledger, fresh_nats.url, 7)

    async def signed_all() -> bool:
        found = await checkpoints_of(ledger)
        return bool(found) and found[-1][0] == 7

    await eventually(signed_all)
    await fill_more(ledger, fresh_nats.url, 7, 4)

    async def signed_more() -> bool:
        return (await checkpoints_of(ledger))[-1][0] == 11

    await eventually(signed_more)
    key = service_of(ledger.app).dependencies.checkpointer.signer.verifier_key
    verifier = Verifier.parse(key)
    bundle = await ledger.get("/export")
    for _, note in await checkpoints_of(ledger):
        Checkpoint.parse(verifier.open(note))
        verify_bundle(bundle, key, note)  # the log is consistent with every earlier checkpoint


@pytest.mark.parametrize("column", ["hash", "entry", "event_type", "event_id", "previous_hash"])
async def test_a_rewritten_history_is_never_signed(
    ledger: Ledger, fresh_nats: NatsServer, column: str
) -> None:
    await fill(ledger, fresh_nats.url, 6)
    signed = await ledger.get("/checkpoint")
    assert signed["size"] == 6
    # Signed so far: 6, and possibly a first checkpoint of a batch that came in alone.
    honest = await checkpoints_of(ledger)
    assert [size for size, _ in honest][-1] == 6
    entries = (await ledger.get("/entries"))["entries"]
    original = entries[2]
    raw = base64.b64decode(original["entry_b64"])
    forged: object = {
        "hash": bytes.fromhex(original["hash"])[::-1].hex(),
        "entry": raw.replace(b"brief.md", b"Brief.md"),  # one byte of the entry itself
        "event_type": "hotstack.payment.settled.v1",
        "event_id": "evt_forged",
        "previous_hash": "f" * 64,
    }[column]
    await ledger.execute(
        f"UPDATE ledger_entries SET {column} = :v WHERE tenant_id = :t AND seq = 3",
        v=forged,
        t=ledger.tenant,
    )
    verified = await ledger.get("/verify")
    assert (verified["ok"], verified["first_broken_seq"]) == (False, 3)
    served = (await ledger.get("/entries"))["entries"][2]
    # What /entries says of an entry is read from its bytes, not from the columns.
    if column != "entry":
        assert {k: served[k] for k in ("event_id", "event_type", "previous_hash", "hash")} == {
            k: original[k] for k in ("event_id", "event_type", "previous_hash", "hash")
        }
    await fill_more(ledger, fresh_nats.url, 6, 2)
    checkpointer = service_of(ledger.app).dependencies.checkpointer
    with pytest.raises(ValueError, match=r"does not verify at 3"):
        await checkpointer.sign_head(ledger.tenant)
    assert await checkpoints_of(ledger) == honest  # nothing signed over the forgery
    refused = await ledger.client.get(
        f"/api/ledger/{ledger.tenant}/checkpoint", headers=ledger.headers
    )
    assert refused.status_code == 409
    assert "refusing to sign" in refused.json()["detail"]


async def nodes_of(ledger: Ledger) -> list[tuple[int, int, bytes]]:
    rows = await ledger.rows(
        "SELECT position, hash FROM ledger_nodes WHERE tenant_id = :t ORDER BY 1", t=ledger.tenant
    )
    return [(position >> 48, position & (2**48 - 1), bytes(value)) for position, value in rows]


async def test_proofs_come_from_stored_subtrees_and_a_migrated_chain_gets_the_same_ones(
    ledger: Ledger, fresh_nats: NatsServer
) -> None:
    await fill(ledger, fresh_nats.url, 12)
    await fill_more(ledger, fresh_nats.url, 12, 28)  # appended in more than one batch
    leaves = [bytes.fromhex(e["hash"]) for e in (await ledger.get("/entries"))["entries"]]
    assert len(leaves) == 40
    stored = await nodes_of(ledger)
    # Every completed subtree of 40 leaves from level 3 up, once: 5 of 8 leaves, 2 of 16,
    # 1 of 32.
    assert [(level, index) for level, index, _ in stored] == [
        *((3, index) for index in range(5)),
        (4, 0),
        (4, 1),
        (5, 0),
    ]
    assert stored[-1][2] == merkle_root(leaves[:32])

    def b64(values: list[bytes]) -> list[str]:
        return [base64.b64encode(value).decode() for value in values]

    for size in (1, 13, 33, 40):
        for seq in range(1, size + 1):
            proof = await ledger.get("/proof/inclusion", seq=seq, size=size)
            assert proof["proof"] == b64(inclusion_proof(leaves[:size], seq - 1))
            assert proof["root"] == b64([merkle_root(leaves[:size])])[0]
        for first in range(1, size + 1):
            consistency = await ledger.get("/proof/consistency", first=first, second=size)
            assert consistency["proof"] == b64(consistency_proof(leaves[:size], first))
            assert consistency["first_root"] == b64([merkle_root(leaves[:first])])[0]

    # A chain written before ledger_nodes existed is backfilled by its migration.
    await ledger.execute("DROP TABLE ledger_nodes")
    await ledger.execute("ALTER TABLE ledger_checkpoints DROP COLUMN cosignatures")
    await ledger.execute("UPDATE alembic_version SET version_num = '0002'")
    runtime: Runtime[Any] = service_of(ledger.app).runtime
    await migrate(runtime.engine, MIGRATIONS)
    assert await nodes_of(ledger) == stored
    again = await ledger.get("/proof/inclusion", seq=17, size=40)
    assert again["proof"] == b64(inclusion_proof(leaves, 16))


# Every column kept beside the entries, changed the way someone with the database could.
STORE_TAMPERS = {
    "heads.size": "UPDATE ledger_heads SET size = size + 1 WHERE tenant_id = :t",
    "heads.head_hash": f"UPDATE ledger_heads SET head_hash = '{'0' * 64}' WHERE tenant_id = :t",
    "heads.root": f"UPDATE ledger_heads SET root = '{'0' * 64}' WHERE tenant_id = :t",
    "heads.frontier": "UPDATE ledger_heads SET frontier = '' WHERE tenant_id = :t",
    "nodes.hash": "UPDATE ledger_nodes SET hash = :junk WHERE tenant_id = :t",
    "nodes.deleted": "DELETE FROM ledger_nodes WHERE tenant_id = :t",
    "nodes.position": "UPDATE ledger_nodes SET position = position + 1 WHERE tenant_id = :t",
    "checkpoints.root": f"UPDATE ledger_checkpoints SET root = '{'0' * 64}' WHERE tenant_id = :t",
    "checkpoints.size": "UPDATE ledger_checkpoints SET size = size - 1 WHERE tenant_id = :t",
    "checkpoints.note": (
        "UPDATE ledger_checkpoints SET note = replace(note, '\n10\n', '\n9\n') WHERE tenant_id = :t"
    ),
}


@pytest.mark.parametrize("tamper", sorted(STORE_TAMPERS))
async def test_every_column_beside_the_entries_is_checked_by_verify_the_signer_and_offline(
    tamper: str, ledger: Ledger, fresh_nats: NatsServer
) -> None:
    await fill(ledger, fresh_nats.url, 10)  # 10 entries: one stored subtree of 8
    signed = await ledger.get("/checkpoint")
    assert signed["size"] == 10
    assert len(await nodes_of(ledger)) == 1
    await ledger.execute(STORE_TAMPERS[tamper], t=ledger.tenant, junk=b"\x00" * 32)

    verified = await ledger.get("/verify")
    assert verified["ok"] is False, tamper
    assert verified["reason"]
    if not tamper.startswith("checkpoints."):
        # With no checkpoint left to serve, the signer must sign afresh over this store.
        await ledger.execute("DELETE FROM ledger_checkpoints WHERE tenant_id = :t", t=ledger.tenant)
        with pytest.raises(ValueError, match="does not verify"):
            await service_of(ledger.app).dependencies.checkpointer.sign_head(ledger.tenant)
    for path in ("/checkpoint", "/export"):
        refused = await ledger.client.get(
            f"/api/ledger/{ledger.tenant}{path}", headers=ledger.headers
        )
        assert refused.status_code == 409, (tamper, path)
    # Nothing was signed over the tampered store: the tampered row, or none, is all there is.
    assert len(await checkpoints_of(ledger)) == (1 if tamper.startswith("checkpoints.") else 0)

    if tamper.startswith("checkpoints."):
        # What the tampered row would give a tenant, were it served: the offline verifier
        # refuses it (the columns of heads and subtrees never leave the server).
        [(_, note)] = await checkpoints_of(ledger)
        entries = (await ledger.get("/entries"))["entries"][:10]
        bundle = {
            "format": "hotstack-ledger-bundle/1",
            "tenant": ledger.tenant,
            "origin": signed["note"].split("\n", 1)[0],
            "verifier_key": signed["verifier_key"],
            "checkpoint": note,
            "entries": [
                {"seq": e["seq"], "entry_b64": e["entry_b64"], "hash": e["hash"]} for e in entries
            ],
        }
        if tamper == "checkpoints.note":
            with pytest.raises(ValueError, match="signature does not verify"):
                verify_bundle(bundle, signed["verifier_key"])
        else:  # the note itself still verifies: the row's columns are what lie
            assert verify_bundle(bundle, signed["verifier_key"]).size == 10


class Witness:
    """The witness program as its own process, trusting one ledger key."""

    def __init__(self, state_dir: Path, ledger_key: str) -> None:
        self.state_dir = state_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "HOTSTACK_STATE_DIR": str(state_dir),
            "HOTSTACK_ENV": "test",
            "WITNESS_PORT": str(self.port),
            "WITNESS_LOGS": f"hotstack.local/ledger/* {ledger_key}",
        }
        command = [sys.executable, "-m", "hotstack_witness"]
        self.key = subprocess.run(
            [*command, "key"], env=self.env, capture_output=True, text=True, check=True
        ).stdout.strip()
        self.process = subprocess.Popen(
            command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for_port("127.0.0.1", self.port)

    def refusals(self, origin: str) -> list[tuple[int, str]]:
        return WitnessState(self.state_dir / "witness" / "witness.db").refusals(origin)


@pytest.fixture
def witness(tmp_path: Path) -> Iterator[Witness]:
    probe = ledger_settings("sqlite://", "nats://unused", tmp_path / "ledger")
    running = Witness(tmp_path / "w", load_signer(probe).verifier_key)
    yield running
    running.process.terminate()
    running.process.wait(timeout=10)


@pytest.fixture
async def witnessed(
    database_url: str, fresh_nats: NatsServer, tmp_path: Path, witness: Witness
) -> AsyncIterator[Ledger]:
    settings = ledger_settings(
        database_url,
        fresh_nats.url,
        tmp_path / "ledger",
        witness_url=witness.url,
        witness_key=witness.key,
    )
    async for running in serve_ledger(settings):
        yield running


async def rewrite_from(ledger: Ledger, seq: int) -> None:
    """What someone with the database does to rewrite history from `seq` on and hide it:
    drop those entries, every subtree and every checkpoint, and put the head back, so the
    ledger appends another history from there and its own checks all pass."""
    leaves = [bytes.fromhex(e["hash"]) for e in (await ledger.get("/entries"))["entries"]]
    frontier: list[bytes] = []
    for size, leaf in enumerate(leaves[: seq - 1]):
        frontier, _ = frontier_append(frontier, size, leaf)
    t = ledger.tenant
    await ledger.execute(
        "DELETE FROM ledger_entries WHERE tenant_id = :t AND seq >= :s", t=t, s=seq
    )
    await ledger.execute("DELETE FROM ledger_nodes WHERE tenant_id = :t", t=t)
    await ledger.execute("DELETE FROM ledger_checkpoints WHERE tenant_id = :t", t=t)
    await ledger.execute(
        "UPDATE ledger_heads SET size = :n, head_hash = :h, frontier = :f, root = :r"
        " WHERE tenant_id = :t",
        t=t,
        n=seq - 1,
        h=leaves[seq - 2].hex(),
        f=",".join(node.hex() for node in frontier),
        r=(frontier_root(frontier) if frontier else EMPTY_ROOT).hex(),
    )


async def test_a_rewrite_is_refused_by_the_witness_and_exposed_by_kept_checkpoints(
    witnessed: Ledger,
    witness: Witness,
    fresh_nats: NatsServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ledger = witnessed
    await fill(ledger, fresh_nats.url, 6)

    async def cosigned_in_the_background() -> bool:
        rows = await ledger.rows(
            "SELECT size FROM ledger_checkpoints WHERE tenant_id = :t AND cosignatures != ''",
            t=ledger.tenant,
        )
        return (6,) in [tuple(row) for row in rows]

    await eventually(cosigned_in_the_background)
    first = await ledger.get("/checkpoint")
    assert (first["size"], first["cosigned"]) == (6, True)
    assert first["witness_key"] == witness.key
    assert Verifier.parse(witness.key).cosigned_at(first["note"]) > 0
    await fill_more(ledger, fresh_nats.url, 6, 4)
    second = await ledger.get("/checkpoint")
    assert (second["size"], second["cosigned"]) == (10, True)  # with a proof from 6 to 10
    kept = tmp_path / "kept"  # what the tenant kept: both co-signed checkpoints
    kept.mkdir()
    (kept / "6.note").write_text(first["note"])
    (kept / "10.note").write_text(second["note"])
    honest = tmp_path / "honest.json"
    honest.write_text(json.dumps(await ledger.get("/export")))
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        cli_main(["verify", str(honest), "--key", first["verifier_key"], "--witness", witness.key])
    assert done.value.code == 0
    assert "co-signed by the witness" in capsys.readouterr().out

    await rewrite_from(ledger, 4)
    await fill_more(ledger, fresh_nats.url, 3, 9)  # another history, longer than the first
    verified = await ledger.get("/verify")
    assert (verified["ok"], verified["size"]) == (True, 12)  # the server cannot tell
    forged = await ledger.get("/checkpoint")
    assert (forged["size"], forged["cosigned"]) == (12, False)  # the witness can
    origin = forged["note"].split("\n", 1)[0]
    assert 422 in [status for status, _ in witness.refusals(origin)]

    bundle = tmp_path / "forged.json"
    bundle.write_text(json.dumps(await ledger.get("/export")))
    with pytest.raises(SystemExit) as done:
        cli_main(["verify", str(bundle), "--key", first["verifier_key"], "--kept", str(kept)])
    assert done.value.code == 1
    assert "first inconsistent kept checkpoint is size 6 (6.note)" in capsys.readouterr().err
    with pytest.raises(SystemExit) as done:
        cli_main(["verify", str(bundle), "--key", first["verifier_key"], "--witness", witness.key])
    assert done.value.code == 1
    assert "not co-signed by the witness" in capsys.readouterr().err
