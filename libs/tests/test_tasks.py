"""Background loops at rest: an idle loop slows down, and work brings it back at once."""

from __future__ import annotations

import pytest

from hotstack_libs.tasks import IdleBackoff

pytestmark = pytest.mark.unit


def test_idle_passes_double_the_wait_up_to_the_ceiling_and_work_resets_it() -> None:
    backoff = IdleBackoff(0.5, 8.0)
    assert [backoff.after(worked=False) for _ in range(6)] == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert backoff.after(worked=True) == 0.5
    assert backoff.after(worked=False) == 1.0


def test_a_ceiling_below_the_base_is_the_base() -> None:
    backoff = IdleBackoff(1.0, 0.2)
    assert backoff.after(worked=False) == 1.0
