"""The witness's HTTP interface: `POST /add-checkpoint` (C2SP tlog-witness) and probes."""

from __future__ import annotations

import base64
import time
from typing import Annotated

import structlog
from fastapi import FastAPI, Header, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse

from hotstack_ledger.domain.notes import Checkpoint, Signer
from hotstack_ledger.signing import stored_seed

from .settings import Settings
from .state import WitnessState
from .witnessing import RefusalError, Seen, TrustedLogs, check, parse_submission

log = structlog.get_logger(__name__)
KEY_FILE = "witness-key"
SIZE_TYPE = "text/x.tlog.size"


def load_cosigner(settings: Settings) -> Signer:
    """WITNESS_KEY (a base64 Ed25519 seed), or outside production one kept on disk."""
    if settings.key is not None:
        return Signer.from_seed(settings.name, base64.b64decode(settings.key.get_secret_value()))
    if settings.environment == "production":
        raise RuntimeError("WITNESS_KEY must be set in production")
    return Signer.from_seed(settings.name, stored_seed(settings.database.parent / KEY_FILE))


def create_app(settings: Settings | None = None) -> FastAPI:
    """The witness: co-signs a checkpoint only when it extends the last one it co-signed."""
    settings = settings or Settings()
    cosigner = load_cosigner(settings)
    logs = TrustedLogs.parse(settings.logs)
    state = WitnessState(settings.database)
    app = FastAPI(title="HotStack witness", version="1", docs_url=None, redoc_url=None)

    @app.post(
        "/add-checkpoint",
        response_class=PlainTextResponse,
        responses={
            200: {"description": "The witness's cosignature lines."},
            409: {"description": "Old size is not the latest co-signed size (given in the body)."},
            422: {"description": "The consistency proof does not verify: the log was rewritten."},
        },
    )
    async def add_checkpoint(
        request: Request, content_length: Annotated[int | None, Header()] = None
    ) -> Response:
        """Verify the log's signature and the consistency proof, record, and co-sign."""
        if content_length is not None and content_length > settings.max_body_bytes:
            return PlainTextResponse("body too large\n", status_code=413)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > settings.max_body_bytes:
                return PlainTextResponse("body too large\n", status_code=413)
        try:
            submission = parse_submission(body)

            def checked(seen: Seen | None) -> Checkpoint:
                return check(submission, logs, seen)

            checkpoint = await run_in_threadpool(state.advance, submission, checked)
        except RefusalError as refusal:
            log.warning(
                "witness.refused", status=refusal.status, reason=refusal.reason, size=refusal.size
            )
            if refusal.status == 409 and refusal.size is not None:
                # Exactly this type, without the charset Starlette adds to text/ types.
                return Response(
                    f"{refusal.size}\n", status_code=409, headers={"content-type": SIZE_TYPE}
                )
            return PlainTextResponse(refusal.reason + "\n", status_code=refusal.status)
        line = cosigner.cosign(checkpoint.text(), int(time.time()))
        log.info("witness.cosigned", origin=checkpoint.origin, size=checkpoint.size)
        return PlainTextResponse(line)

    @app.get("/health/live", response_class=PlainTextResponse)
    async def live() -> str:
        return "ok\n"

    @app.get("/health/ready", response_class=PlainTextResponse)
    async def ready() -> str:
        return "ok\n"

    @app.get("/key", response_class=PlainTextResponse)
    async def key() -> str:
        """The cosigner's verifier key (pin it from a trusted copy, not from here)."""
        return cosigner.cosigner_key + "\n"

    app.state.witness = state
    app.state.cosigner = cosigner
    return app
