"""Signed notes interoperate with Go's sumdb/note; checkpoints follow C2SP tlog-checkpoint."""

from __future__ import annotations

import base64
from collections.abc import Callable

import pytest

from hotstack_ledger.domain.notes import Checkpoint, NoteError, Signer, Verifier

pytestmark = pytest.mark.unit

# golang.org/x/mod/sumdb/note test vector.
GO_SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_NOTE = (
    GO_TEXT
    + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgK"
    "vqfqdngotpRZb6KE6RyyBwJnAM=\n"
)


def go_signer() -> Signer:
    name, encoded = GO_SIGNER.split("+")[2], GO_SIGNER.split("+", 4)[4]
    return Signer.from_seed(name, base64.b64decode(encoded)[1:])


def test_signing_reproduces_the_go_note_byte_for_byte() -> None:
    signer = go_signer()
    assert signer.verifier_key == GO_VERIFIER
    assert signer.sign(GO_TEXT) == GO_NOTE


def test_the_go_note_opens_with_its_verifier_key() -> None:
    assert Verifier.parse(GO_VERIFIER).open(GO_NOTE) == GO_TEXT


@pytest.mark.parametrize(
    "tamper",
    [
        lambda note: note.replace("cryptography", "cryptographY"),
        lambda note: note.replace("x08go", "x08gp"),
        lambda note: note.replace("PeterNeumann x08", "PeterNeuman x08"),
        lambda note: note.replace("\n\n", "\n"),
    ],
)
def test_a_tampered_note_does_not_open(tamper: Callable[[str], str]) -> None:
    with pytest.raises(NoteError):
        Verifier.parse(GO_VERIFIER).open(tamper(GO_NOTE))


def test_another_key_does_not_open_the_note() -> None:
    other = Signer.from_seed("PeterNeumann", bytes(32))
    with pytest.raises(NoteError):
        Verifier.parse(other.verifier_key).open(GO_NOTE)


@pytest.mark.parametrize(
    "key",
    [
        "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # wrong id
        "PeterNeumann+c74f20a3+AhpcxQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # wrong type
        "PeterNeumann+c74f20a3",
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ],
)
def test_malformed_verifier_keys_are_refused(key: str) -> None:
    with pytest.raises(NoteError):
        Verifier.parse(key)


def test_checkpoint_body_round_trips_and_is_signed() -> None:
    checkpoint = Checkpoint("hotstack.local/ledger/acme", 42, bytes(range(32)))
    text = checkpoint.text()
    assert text == "hotstack.local/ledger/acme\n42\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
    signer = Signer.from_seed("hotstack.local", bytes(32))
    opened = Verifier.parse(signer.verifier_key).open(signer.sign(text))
    assert Checkpoint.parse(opened) == checkpoint


@pytest.mark.parametrize("text", ["origin\n007\nAAAA\n", "origin\nx\n\n", "origin\n1\nAAAA\n"])
def test_malformed_checkpoints_are_refused(text: str) -> None:
    with pytest.raises(NoteError):
        Checkpoint.parse(text)
