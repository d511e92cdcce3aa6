"""Upload rules: filenames, brief types, and how the status moves."""

from __future__ import annotations

import hashlib

import pytest

from hotstack_upload.domain.briefs import BriefRejectedError, safe_filename
from hotstack_upload.domain.status import Status, advance
from hotstack_upload.service import request_hash

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("name", ["brief.md", "Café menu.txt", "plan v2.markdown"])
def test_ordinary_filenames_are_kept(name: str) -> None:
    assert safe_filename(name) == name


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../etc/passwd", "path separators"),
        ("a\\b.txt", "path separators"),
        ("evil\x00.txt", "control"),
        ("report\u202egpj.txt", "control or invisible"),
        ("CON.txt", "reserved"),
        (".env", "reserved or hidden"),
        ("", "no name"),
        ("x" * 300 + ".txt", "longer than"),
        ("a\uff0fb.txt", "path separators"),  # fullwidth solidus folds to "/"
        ("C:brief.txt", "path separators"),
        ("brief.txt\u200b", "control or invisible"),
        ("\u202ecod.exe.txt", "control or invisible"),
        ("\uff43\uff4f\uff4e.txt", "reserved"),  # fullwidth "con"
        ("nul", "reserved"),
        ("brief.txt.", "end with a dot"),
        (" brief.txt", "spaces"),
        ("..", "reserved or hidden"),
    ],
)
def test_unsafe_filenames_are_refused_saying_why(name: str, why: str) -> None:
    with pytest.raises(BriefRejectedError, match=why):
        safe_filename(name)


def test_status_follows_the_pipeline_and_never_moves_back() -> None:
    status = Status.RECEIVED
    for event, expected in [
        ("hotstack.upload.received.v1", Status.EXTRACTING),
        ("hotstack.intent.extracted.v1", Status.BUILDING),
        ("hotstack.payment.requested.v1", Status.AWAITING_PAYMENT),
        ("hotstack.build.completed.v1", Status.AWAITING_PAYMENT),  # late arrival
        ("hotstack.notification.sent.v1", Status.AWAITING_PAYMENT),
        ("hotstack.payment.settled.v1", Status.PUBLISHING),
        ("hotstack.site.published.v1", Status.PUBLISHED),
        ("hotstack.payment.failed.v1", Status.PUBLISHED),
        ("hotstack.payment.declined.v1", Status.PUBLISHED),
        ("hotstack.site.unpublished.v1", Status.UNPUBLISHED),  # taken down by its tenant
        ("hotstack.site.published.v1", Status.UNPUBLISHED),  # a late duplicate
    ]:
        status = advance(status, event)
        assert status is expected, event


def test_a_failure_is_final() -> None:
    status = advance(Status.BUILDING, "hotstack.build.failed.v1")
    assert status is Status.FAILED
    assert advance(status, "hotstack.payment.requested.v1") is Status.FAILED


DATA = hashlib.sha256(b"data").hexdigest()
OTHER = hashlib.sha256(b"datA").hexdigest()


def test_request_fingerprint_changes_with_any_part_of_the_request() -> None:
    base = request_hash("a.md", DATA, "prompt", "a@example.com")
    assert base == request_hash("a.md", DATA, "prompt", "a@example.com")
    assert base != request_hash("b.md", DATA, "prompt", "a@example.com")
    assert base != request_hash("a.md", OTHER, "prompt", "a@example.com")
    assert base != request_hash("a.md", DATA, "prompt!", "a@example.com")
    assert base != request_hash("a.md", DATA, "prompt", None)


def test_a_revision_starts_a_preview_or_a_live_site_on_its_way_again() -> None:
    revised = "hotstack.upload.revised.v1"
    for start in (Status.AWAITING_PAYMENT, Status.PUBLISHED):
        status = advance(start, revised)
        assert status is Status.REVISING
        for event in (
            "hotstack.intent.extracted.v2",
            "hotstack.build.completed.v1",
            "hotstack.payment.settled.v1",
            "hotstack.site.published.v1",
        ):
            status = advance(status, event)
        assert status is Status.PUBLISHED
    # Nothing else is revised: a brief still being read, a failure, a site taken down.
    for other in (Status.EXTRACTING, Status.BUILDING, Status.FAILED, Status.UNPUBLISHED):
        assert advance(other, revised) is other
    # A live site moves on only when revised or taken down.
    assert advance(Status.PUBLISHED, "hotstack.build.completed.v1") is Status.PUBLISHED
