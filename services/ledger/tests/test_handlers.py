"""Ledger's handler, on an in-memory unit of work: each tenant's chain, in order, never twice."""

from __future__ import annotations

import pytest

from hotstack_contracts import Event, LedgerCheckpointed
from hotstack_ledger import store
from hotstack_ledger.domain.chain import verify_chain
from hotstack_ledger.service import append_events, stored_entry
from hotstack_libs.bus import BatchSubscription
from hotstack_tools.testing.factories import build_completed, upload_received
from hotstack_tools.testing.uow import FakeTransactions, memory_store

pytestmark = pytest.mark.unit

CHAIN = BatchSubscription(Event, append_events, name="chain")


async def chain_of(transactions: FakeTransactions, tenant: str) -> list[store.LedgerEntry]:
    async with transactions() as tx:
        return await store.entries(tx.session, tenant)


async def test_batches_append_to_each_tenants_chain_in_order_and_the_chain_verifies() -> None:
    acme = upload_received("acme")
    other = upload_received("other")
    async with memory_store() as transactions:
        await transactions.deliver_batch(CHAIN, [acme, other])
        await transactions.deliver_batch(CHAIN, [build_completed(acme)])

        entries = await chain_of(transactions, "acme")
        assert [(e.seq, e.event_type) for e in entries] == [
            (1, acme.type),
            (2, "hotstack.build.completed.v1"),
        ]
        assert entries[1].previous_hash == entries[0].hash
        assert [e.event_id for e in await chain_of(transactions, "other")] == [other.id]
        assert verify_chain("acme", [stored_entry(e) for e in entries]).ok
        async with transactions() as tx:
            head = await store.head(tx.session, "acme")
        assert head is not None
        assert (head.size, head.head_hash) == (2, entries[1].hash)


async def test_an_event_seen_again_in_a_later_batch_or_twice_in_one_is_chained_once() -> None:
    event = upload_received("acme")
    async with memory_store() as transactions:
        await transactions.deliver_batch(CHAIN, [event, event])
        await transactions.deliver_batch(CHAIN, [event])
        assert [e.event_id for e in await chain_of(transactions, "acme")] == [event.id]


async def test_a_batch_mixing_chained_and_new_events_chains_only_the_new_ones_in_order() -> None:
    first, again = upload_received("acme"), upload_received("acme")
    later = build_completed(first)
    async with memory_store() as transactions:
        await transactions.deliver_batch(CHAIN, [first, again])
        await transactions.deliver_batch(CHAIN, [again, later, first])

        entries = await chain_of(transactions, "acme")
        assert [(e.seq, e.event_id) for e in entries] == [
            (1, first.id),
            (2, again.id),
            (3, later.id),
        ]
        assert verify_chain("acme", [stored_entry(e) for e in entries]).ok


async def test_the_ledgers_own_checkpoints_stay_out_of_the_chain() -> None:
    event = upload_received("acme")
    checkpoint = event.caused(
        LedgerCheckpointed(
            origin="hotstack.test/ledger/acme", size=1, root="a" * 64, note="signed note"
        ),
        source="hotstack/ledger",
        subject="acme",
    )
    async with memory_store() as transactions:
        await transactions.deliver_batch(CHAIN, [event, checkpoint])
        assert [e.event_id for e in await chain_of(transactions, "acme")] == [event.id]
