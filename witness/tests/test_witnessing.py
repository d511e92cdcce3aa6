"""The witness's rules (C2SP tlog-witness add-checkpoint), one refusal at a time."""

from __future__ import annotations

import base64
import hashlib

import pytest

from hotstack_ledger.domain.merkle import consistency_proof, merkle_root
from hotstack_ledger.domain.notes import Checkpoint, Signer, Verifier
from hotstack_witness.witnessing import (
    RefusalError,
    Seen,
    Submission,
    TrustedLogs,
    check,
    parse_submission,
)

pytestmark = pytest.mark.unit

LOG = Signer.from_seed("hotstack.test", bytes(range(32)))
ORIGIN = "hotstack.test/ledger/acme"
LEAVES = [hashlib.sha256(bytes([i])).digest() for i in range(20)]
TRUSTED = TrustedLogs.parse(f"hotstack.test/ledger/* {LOG.verifier_key}")


def note(size: int, leaves: list[bytes] = LEAVES, signer: Signer = LOG) -> str:
    return signer.sign(Checkpoint(ORIGIN, size, merkle_root(leaves[:size])).text())


def body(old: int, proof: list[bytes], signed: str) -> bytes:
    lines = [f"old {old}", *(base64.b64encode(node).decode() for node in proof)]
    return ("\n".join(lines) + "\n\n" + signed).encode()


def seen(size: int, leaves: list[bytes] = LEAVES) -> Seen:
    return Seen(size, merkle_root(leaves[:size]))


def refusal(submission: Submission, last: Seen | None) -> RefusalError:
    with pytest.raises(RefusalError) as refused:
        check(submission, TRUSTED, last)
    return refused.value


def test_a_first_checkpoint_is_accepted_and_an_extension_with_its_proof() -> None:
    first = parse_submission(body(0, [], note(7)))
    assert check(first, TRUSTED, None).size == 7
    grown = parse_submission(body(7, consistency_proof(LEAVES[:20], 7), note(20)))
    assert check(grown, TRUSTED, seen(7)).root == merkle_root(LEAVES)
    same = parse_submission(body(20, [], note(20)))
    assert check(same, TRUSTED, seen(20)).size == 20


def test_a_rewritten_history_is_refused_with_422() -> None:
    rewritten = [*LEAVES[:3], hashlib.sha256(b"forged").digest(), *LEAVES[4:]]
    proof = consistency_proof(rewritten, 7)
    submitted = parse_submission(body(7, proof, note(20, rewritten)))
    assert refusal(submitted, seen(7)).status == 422


def test_a_stale_old_size_gets_409_with_the_witnessed_size() -> None:
    submitted = parse_submission(body(0, [], note(20)))
    refused = refusal(submitted, seen(7))
    assert (refused.status, refused.size) == (409, 7)


def test_same_size_with_another_root_is_a_fork() -> None:
    forked = [hashlib.sha256(b"x").digest(), *LEAVES[1:]]
    refused = refusal(parse_submission(body(20, [], note(20, forked))), seen(20))
    assert refused.status == 409


def test_unknown_logs_and_foreign_signatures_are_refused() -> None:
    stranger = Signer.from_seed("hotstack.test", bytes(32))
    assert refusal(parse_submission(body(0, [], note(3, signer=stranger))), None).status == 403
    elsewhere = LOG.sign(Checkpoint("other.example/log", 3, merkle_root(LEAVES[:3])).text())
    assert refusal(parse_submission(body(0, [], elsewhere)), None).status == 404


@pytest.mark.parametrize(
    "raw",
    [
        b"old 07\n\n",
        b"old -1\n\n",
        b"new 0\n\n",
        b"old 0\n",
        b"old 0\nnot base64!\n\n",
        b"old 0\n" + base64.b64encode(b"short") + b"\n\n",
        b"old 0\n" + b"".join(base64.b64encode(bytes(32)) + b"\n" for _ in range(64)) + b"\n",
        b"\xff\xfe",
    ],
)
def test_malformed_requests_are_400(raw: bytes) -> None:
    with pytest.raises(RefusalError) as refused:
        parse_submission(raw)
    assert refused.value.status == 400


def test_an_old_size_past_the_checkpoint_or_a_proof_from_zero_is_400() -> None:
    assert refusal(parse_submission(body(9, [], note(3))), seen(9)).status == 400
    assert refusal(parse_submission(body(0, [LEAVES[0]], note(3))), None).status == 400


def test_cosignatures_verify_with_the_witness_key_and_only_for_that_body() -> None:
    witness = Signer.from_seed("witness.test", bytes(range(1, 33)))
    signed = note(20)
    text = Verifier.parse(LOG.verifier_key).open(signed)
    cosigned = signed + witness.cosign(text, 1_700_000_000)
    verifier = Verifier.parse(witness.cosigner_key)
    assert verifier.cosigned_at(cosigned) == 1_700_000_000
    assert Verifier.parse(LOG.verifier_key).open(cosigned) == text  # the log's still opens
    stamp = base64.b64decode(cosigned.splitlines()[-1].split(" ")[-1])
    assert len(stamp) == 4 + 8 + 64
    assert stamp[4:12] == (1_700_000_000).to_bytes(8, "big")
    # The key id commits to type 0x04: the log key reading of the same key does not match.
    assert witness.cosigner_key.split("+")[1] != witness.verifier_key.split("+")[1]
    with pytest.raises(ValueError, match="no signature"):
        Verifier.parse(witness.verifier_key).open(cosigned)
    other = signed.replace("\n20\n", "\n21\n") + witness.cosign(text, 1_700_000_000)
    with pytest.raises(ValueError, match=r"does not verify|no signature"):
        verifier.cosigned_at(other)
