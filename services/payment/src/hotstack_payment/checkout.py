"""The hosted checkout page: `GET /checkout/{payment_id}?sig=…` shows the quote and a card
form, `POST` pays it and redirects back to the page, which then shows the outcome.

The signed link is the credential (see `domain/checkout.py`), so a tenant can pay from the
email or the status page without a bearer token. Plain HTML and CSS, no script; a second
submit of the same form (a double click, a reload) replays the first answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response, status
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from hotstack_contracts import format_grains, new_id
from hotstack_libs.http.forms import read_urlencoded
from hotstack_libs.http.pages import page_headers
from hotstack_libs.http.problems import served
from hotstack_libs.timeutil import as_utc, utcnow

from . import store
from .confirm import confirm_payment
from .deps import Dependencies, Deps
from .domain.links import signature_matches
from .domain.sandbox import InvalidCardError
from .domain.states import IllegalTransitionError, PaymentStatus
from .service import (
    IdempotencyMismatchError,
    PaymentStateError,
    PriceChangedError,
)

router = APIRouter(prefix="/checkout", include_in_schema=False)

MAX_FORM_BYTES = 4096
_ATTEMPT = re.compile(r"chk_[0-9a-f]{32}")
_ENV = Environment(
    loader=PackageLoader("hotstack_payment", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
)
_HEADERS = page_headers()
_STYLESHEET = (files(__package__) / "templates" / "checkout.css").read_bytes()

_HEADINGS = {
    "payable": "Pay and publish",
    "processing": "Payment processing",
    "paid": "Payment received",
    "failed": "Payment failed",
    "expired": "Checkout expired",
    "canceled": "Payment canceled",
    "invalid": "This checkout link is not valid",
}


@dataclass(frozen=True)
class CheckoutPage:
    """What the template shows."""

    state: str
    heading: str
    message: str = ""
    show_quote: bool = False
    site_name: str = ""
    preview_url: str = ""
    amount: str = ""
    care_loop: str = ""
    total: str = ""
    total_grains: int = 0
    action: str = ""
    attempt: str = ""
    error: str = ""
    card_number: str = ""
    expires_at: str = ""
    expires_text: str = ""


def _state(payment: store.Payment) -> str:
    current = PaymentStatus(payment.status)
    if current is PaymentStatus.REQUIRES_PAYMENT_METHOD:
        return "payable" if as_utc(payment.expires_at) > utcnow() else "expired"
    if current is PaymentStatus.FAILED and payment.failure_code == "expired":
        return "expired"
    return {
        PaymentStatus.PROCESSING: "processing",
        PaymentStatus.SUCCEEDED: "paid",
        PaymentStatus.FAILED: "failed",
        PaymentStatus.CANCELED: "canceled",
    }[current]


def _message(state: str, payment: store.Payment) -> str:
    if state == "paid":
        return (
            f"Thank you. {payment.site_name} is being published; its address will arrive "
            "by email and on the upload's status page."
        )
    if state == "processing":
        return "Your bank is confirming the payment. This page refreshes by itself."
    if state == "failed":
        reason = (payment.failure_message or "the payment failed").rstrip(".")
        return (
            f"{reason[:1].upper()}{reason[1:]}. Nothing was charged, and this checkout is closed."
        )
    if state == "expired":
        return "This checkout expired before it was paid. Nothing was charged."
    if state == "canceled":
        return "This payment was canceled. Nothing was charged."
    return ""


def page_for(
    payment: store.Payment, sig: str, *, error: str = "", card_number: str = ""
) -> CheckoutPage:
    """The page for a payment as it stands; `error` is shown beside the card field."""
    state = _state(payment)
    expires = as_utc(payment.expires_at)
    if state == "payable" and payment.failure_message and not error:
        # The last card was declined: say why, and that another card is welcome.
        reason = payment.failure_message.rstrip(".")
        error = f"{reason[:1].upper()}{reason[1:]}. Nothing was charged: try another card."
    return CheckoutPage(
        state=state,
        heading=_HEADINGS[state],
        message=_message(state, payment),
        show_quote=True,
        site_name=payment.site_name,
        preview_url=payment.preview_url or "",
        amount=format_grains(payment.amount_grains),
        care_loop=format_grains(payment.care_loop_grains),
        total=format_grains(payment.total_grains),
        total_grains=payment.total_grains,
        action=f"{payment.id}?sig={sig}",
        attempt=new_id("chk"),
        error=error,
        card_number=card_number,
        expires_at=expires.isoformat(timespec="seconds"),
        expires_text=expires.strftime("%-d %B %Y, %H:%M UTC"),
    )


def render(page: CheckoutPage, status_code: int = status.HTTP_200_OK) -> HTMLResponse:
    """The page as an HTML response with the page headers."""
    html = _ENV.get_template("checkout.html").render(page=page)
    return HTMLResponse(html, status_code=status_code, headers=_HEADERS)


def invalid_link() -> HTMLResponse:
    """What a link with a wrong or missing signature gets (404, nothing of the payment)."""
    page = CheckoutPage(
        state="invalid",
        heading=_HEADINGS["invalid"],
        message="Open the link from your email or from the upload's status page again.",
    )
    return render(page, status.HTTP_404_NOT_FOUND)


async def _signed_payment(
    deps: Dependencies, payment_id: str, sig: str | None
) -> tuple[store.Payment, str] | None:
    """The payment the link is signed for, and the signature; None alike for a bad
    signature and an unknown payment."""
    settings = deps.settings
    if not sig or not signature_matches(settings.checkout_key, payment_id, sig):
        return None
    async with deps.sessions() as session:
        payment = await session.get(store.Payment, payment_id)
    return None if payment is None else (payment, sig)


@router.get(
    "/checkout.css", response_class=Response, responses={200: served("The stylesheet", "text/css")}
)
async def stylesheet() -> Response:
    """The page's stylesheet."""
    return Response(_STYLESHEET, media_type="text/css; charset=utf-8", headers=_HEADERS)


@router.get(
    "/{payment_id}",
    response_class=HTMLResponse,
    responses={404: served("An unknown payment or a wrong link: a page", "text/html")},
)
async def checkout_page(
    payment_id: str,
    deps: Deps,
    sig: Annotated[str | None, Query(max_length=64)] = None,
) -> HTMLResponse:
    """The quote and, while it can be paid, the card form."""
    signed = await _signed_payment(deps, payment_id, sig)
    if signed is None:
        return invalid_link()
    payment, sig = signed
    return render(page_for(payment, sig))


@router.post(
    "/{payment_id}",
    response_class=HTMLResponse,
    responses={
        303: {"description": "Back to the page, which shows the outcome"},
        404: served("An unknown payment or a wrong link: a page", "text/html"),
        409: served("The page again: the price changed since it was opened", "text/html"),
        422: served("The page again: the card number is not valid", "text/html"),
    },
)
async def pay(
    payment_id: str,
    request: Request,
    deps: Deps,
    sig: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """Charge the card from the form, then show the page again (303) with the outcome."""
    signed = await _signed_payment(deps, payment_id, sig)
    if signed is None:
        return invalid_link()
    payment, sig = signed
    form = await read_urlencoded(request, max_bytes=MAX_FORM_BYTES, max_fields=8)
    attempt = form.get("attempt", "")
    card_number = form.get("card_number", "")[:32]
    if not _ATTEMPT.fullmatch(attempt):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "the form has no valid attempt id")
    shown = form.get("total_grains", "")
    try:
        await confirm_payment(
            deps.transactions,
            deps.provider,
            tenant=payment.tenant_id,
            payment_id=payment.id,
            card_number=card_number,
            idempotency_key=f"checkout-{attempt}",
            expected_total=int(shown) if shown.isdigit() else None,
        )
    except PriceChangedError as error:
        # Never charge more (or less) than the page said: show the new total instead.
        message = (
            f"The price changed to {format_grains(error.total_grains)} since this page was "
            "opened, because the site was changed. Nothing was charged: check the new total "
            "and pay again."
        )
        async with deps.sessions() as session:
            current = await session.get(store.Payment, payment.id)
        assert current is not None
        page = page_for(current, sig, error=message, card_number=card_number)
        return render(page, status.HTTP_409_CONFLICT)
    except InvalidCardError as error:
        message = str(error).replace("card_number", "The card number")
        page = page_for(payment, sig, error=message, card_number=card_number)
        return render(page, status.HTTP_422_UNPROCESSABLE_CONTENT)
    except (IdempotencyMismatchError, PaymentStateError, IllegalTransitionError):
        pass  # paid, failed or expired meanwhile: the page shows which
    return RedirectResponse(f"{payment.id}?sig={sig}", status.HTTP_303_SEE_OTHER)
