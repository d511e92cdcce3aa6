"""The ledger end to end: ingest, verify, checkpoints, proofs, export, offline CLI, tampering."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import nats
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from hotstack_contracts import Envelope, LedgerCheckpointed, UploadReceived, new_id
from hotstack_ledger.app import MIGRATIONS, create_app
from hotstack_ledger.cli import main as cli_main
from hotstack_ledger.domain.bundle import verify_bundle
from hotstack_ledger.domain.merkle import (
    consistency_proof,
    inclusion_proof,
    merkle_root,
    verify_consistency,
    verify_inclusion,
)
from hotstack_ledger.domain.notes import Checkpoint, Verifier
from hotstack_ledger.settings import Settings
from hotstack_libs.auth import mint_token
from hotstack_libs.http import Runtime
from hotstack_libs.processes import NatsServer
from hotstack_libs.settings import DEV_AUTH_SECRET
from hotstack_libs.store import migrate
from hotstack_libs.testing.factories import upload_received

from .test_services_on_stores import eventually

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
        runtime: Runtime = self.app.state.runtime
        async with runtime.engine.begin() as connection:
            await connection.execute(sa.text(sql), params)


@pytest.fixture
async def ledger(
    database_url: str, fresh_nats: NatsServer, tmp_path: Path
) -> AsyncIterator[Ledger]:
    settings = Settings(
        database_url=database_url,
        nats_url=fresh_nats.url,
        state_dir=tmp_path,
        environment="test",
        checkpoint_every_entries=5,
        checkpoint_every_seconds=0.5,
    )
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
    runtime: Runtime = ledger.app.state.runtime
    async with runtime.engine.connect() as connection:
        published = (
            await connection.execute(
                sa.text("SELECT payload FROM outbox WHERE subject = :s"),
                {"s": LedgerCheckpointed.subject},
            )
        ).all()
    envelopes = [json.loads(row.payload) for row in published]
    events = [envelope["data"] for envelope in envelopes]
    assert [(e["size"], e["note"]) for e in events] == [(6, first["note"])]

    async def consumed() -> bool:  # the ledger received its own checkpoint event…
        async with runtime.engine.connect() as connection:
            found = await connection.execute(
                sa.text("SELECT count(*) FROM inbox WHERE event_id = :e"),
                {"e": envelopes[0]["id"]},
            )
            return bool(found.scalar_one())

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
    signer = ledger.app.state.checkpointer.signer
    origin = ledger.app.state.checkpointer.origin(ledger.tenant)
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
    runtime: Runtime = ledger.app.state.runtime
    async with runtime.engine.connect() as connection:
        rows = await connection.execute(
            sa.text("SELECT size, note FROM ledger_checkpoints WHERE tenant_id = :t ORDER BY size"),
            {"t": ledger.tenant},
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
    key = ledger.app.state.checkpointer.signer.verifier_key
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
    checkpointer = ledger.app.state.checkpointer
    with pytest.raises(ValueError, match=r"do not verify at 3|does not match its entries"):
        await checkpointer.sign_head(ledger.tenant)
    assert [size for size, _ in await checkpoints_of(ledger)] == [6]
    refused = await ledger.client.get(
        f"/api/ledger/{ledger.tenant}/checkpoint", headers=ledger.headers
    )
    assert refused.status_code == 409
    assert "refusing to sign" in refused.json()["detail"]


async def nodes_of(ledger: Ledger) -> list[tuple[int, int, bytes]]:
    runtime: Runtime = ledger.app.state.runtime
    async with runtime.engine.connect() as connection:
        rows = await connection.execute(
            sa.text("SELECT position, hash FROM ledger_nodes WHERE tenant_id = :t ORDER BY 1"),
            {"t": ledger.tenant},
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
    await ledger.execute("UPDATE alembic_version SET version_num = '0002'")
    runtime: Runtime = ledger.app.state.runtime
    await migrate(runtime.engine, MIGRATIONS)
    assert await nodes_of(ledger) == stored
    again = await ledger.get("/proof/inclusion", seq=17, size=40)
    assert again["proof"] == b64(inclusion_proof(leaves, 16))
