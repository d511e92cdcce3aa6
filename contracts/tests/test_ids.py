"""Ids are prefixed UUIDv7 layouts: they sort by creation time and say when they were made."""

from __future__ import annotations

import time
import uuid

import pytest

from hotstack_contracts import id_millis, new_id

pytestmark = pytest.mark.unit


def test_an_id_is_a_uuid7_that_tells_when_it_was_made() -> None:
    before = time.time_ns() // 1_000_000
    made = new_id("ch_late")
    after = time.time_ns() // 1_000_000
    prefix, _, hexed = made.rpartition("_")
    assert prefix == "ch_late"
    assert uuid.UUID(hexed).version == 7
    assert before <= id_millis(made) <= after


def test_ids_sort_by_creation_time() -> None:
    first = new_id("evt")
    time.sleep(0.002)
    assert new_id("evt") > first
