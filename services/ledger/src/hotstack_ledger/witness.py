"""Asking a witness to co-sign a checkpoint (C2SP tlog-witness `add-checkpoint`, client)."""

from __future__ import annotations

import base64

import httpx

from .domain.notes import NoteError, Verifier


class WitnessRefusedError(Exception):
    """The witness would not co-sign (`status` as it answered; 0 when unreachable)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"witness answered {status}: {reason}" if status else reason)
        self.status = status


class WitnessSawOtherError(WitnessRefusedError):
    """409 with a size: the witness last co-signed `size`, not the size we said."""

    def __init__(self, size: int) -> None:
        super().__init__(409, f"the witness last co-signed size {size}")
        self.size = size


class WitnessClient:
    """One witness, pinned by its cosigner key."""

    def __init__(self, url: str, key: str, timeout: float) -> None:
        self.url = url.rstrip("/") + "/add-checkpoint"
        self.key = key
        self.verifier = Verifier.parse(key)
        if self.verifier.kind != 0x04:
            raise ValueError("LEDGER_WITNESS_KEY must be a cosignature (type 0x04) key")
        self.timeout = timeout

    async def cosign(self, note: str, old_size: int, proof: list[bytes]) -> str:
        """The witness's cosignature lines for a signed checkpoint note, checked against its
        key; WitnessSawOtherError when it last saw another size, WitnessRefusedError otherwise."""
        lines = [f"old {old_size}", *(base64.b64encode(node).decode() for node in proof)]
        body = "\n".join(lines) + "\n\n" + note
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as client:
                answer = await client.post(
                    self.url, content=body.encode(), headers={"content-type": "text/plain"}
                )
        except httpx.HTTPError as error:
            raise WitnessRefusedError(0, f"witness unreachable: {error}") from error
        if answer.status_code == 409 and answer.headers.get("content-type", "").startswith(
            "text/x.tlog.size"
        ):
            size = answer.text.strip()
            if size.isdigit():
                raise WitnessSawOtherError(int(size))
        if answer.status_code != 200:
            raise WitnessRefusedError(answer.status_code, answer.text.strip()[:200])
        try:
            self.verifier.cosigned_at(note + answer.text)
        except NoteError as error:
            raise WitnessRefusedError(200, f"its answer is not its cosignature: {error}") from error
        return answer.text
