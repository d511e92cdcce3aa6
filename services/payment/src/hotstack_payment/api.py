"""Payment HTTP routes."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from hotstack_libs.http import IDEMPOTENCY_KEY, owned

from . import store
from .confirm import cancel_payment, confirm_payment
from .deps import Deps, PaymentsReader, PaymentsWriter
from .domain import signatures
from .domain.sandbox import InvalidCardError
from .domain.states import IllegalTransitionError
from .service import IdempotencyMismatchError, PaymentNotFoundError, PaymentStateError
from .views import PaymentView, view
from .webhooks import WebhookRejectedError, apply_provider_event

router = APIRouter(prefix="/api/payments", tags=["payments"])


class ConfirmRequest(BaseModel):
    """A sandbox card to charge."""

    card_number: str = Field(
        max_length=32, description="Sandbox test card, e.g. 4242 4242 4242 4242."
    )


@router.get("/balances", response_model=dict[str, int])
async def get_balances(
    principal: PaymentsReader,
    deps: Deps,
) -> dict[str, int]:
    """Debit-positive balance of each of the tenant's accounts, summed from the journal."""
    async with deps.sessions() as session:
        return await store.tenant_balances(session, principal.tenant)


@router.get("/{payment_id}", response_model=PaymentView)
async def get_payment(
    payment_id: str,
    principal: PaymentsReader,
    deps: Deps,
) -> PaymentView:
    """Quote, status and history of a payment."""
    async with deps.sessions() as session:
        payment = owned(await session.get(store.Payment, payment_id), principal.tenant, "payment")
        return await view(session, payment)


@router.post(
    "/{payment_id}/confirm",
    responses={
        202: {"description": "Processing"},
        402: {"description": "Card declined: nothing was charged; the payment takes another card"},
    },
)
async def confirm(
    payment_id: str,
    request: ConfirmRequest,
    principal: PaymentsWriter,
    deps: Deps,
    idempotency_key: Annotated[str | None, Header(pattern=IDEMPOTENCY_KEY)] = None,
) -> JSONResponse:
    """Pay with a sandbox card; the same Idempotency-Key replays the first answer."""
    try:
        result = await confirm_payment(
            deps.transactions,
            deps.provider,
            tenant=principal.tenant,
            payment_id=payment_id,
            card_number=request.card_number,
            idempotency_key=idempotency_key,
        )
    except PaymentNotFoundError as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "payment not found") from error
    except (IdempotencyMismatchError, InvalidCardError) as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error
    except (PaymentStateError, IllegalTransitionError) as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error
    headers = {"Idempotent-Replayed": "true"} if result.replayed else {}
    return JSONResponse(result.body, status_code=result.status_code, headers=headers)


@router.post(
    "/{payment_id}/cancel",
    response_model=PaymentView,
    responses={
        404: {"description": "No such payment for this tenant"},
        409: {"description": "The payment is not open: it was paid, is processing or ended"},
    },
)
async def cancel(
    payment_id: str,
    principal: PaymentsWriter,
    deps: Deps,
) -> PaymentView:
    """Give up an open payment: nothing is charged and its upload ends unpaid."""
    try:
        await cancel_payment(deps.transactions, tenant=principal.tenant, payment_id=payment_id)
    except PaymentNotFoundError as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "payment not found") from error
    except PaymentStateError as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error
    async with deps.sessions() as session:
        payment = owned(await session.get(store.Payment, payment_id), principal.tenant, "payment")
        return await view(session, payment)


@router.post("/webhooks/{provider}")
async def provider_webhook(provider: str, request: Request, deps: Deps) -> dict[str, str]:
    """Provider callbacks, verified by `Stripe-Signature`; a replayed event has no effect."""
    configured = deps.provider
    if provider != configured.name:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no provider {provider!r}")
    settings = deps.settings
    body = await request.body()
    try:
        signatures.verify(
            body,
            request.headers.get("stripe-signature"),
            settings.webhook_secret.get_secret_value(),
            int(time.time()),
        )
        outcome = await apply_provider_event(deps.transactions, provider, body)
    except (signatures.SignatureError, WebhookRejectedError) as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(error)) from error
    return {"result": outcome}
