"""Prices as written ("€12", "4,50 €", "$29/mo", "CHF 120"), read with `price-parser`.

The amount is kept exactly (Decimal → integer minor units, the currency's precision from
Babel's CLDR data); the currency is the ISO 4217 code the symbol means where the brief is
("$" is USD in the US, CAD in Canada).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import get_currency_precision, is_currency
from price_parser import Price as ParsedPrice

from hotstack_contracts import Price

from .archetype import fold

_SYMBOLS = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP",
    "us$": "USD", "usd": "USD", "c$": "CAD", "ca$": "CAD", "cad": "CAD", "a$": "AUD",
    "au$": "AUD", "aud": "AUD", "mx$": "MXN", "mxn": "MXN", "nz$": "NZD", "r$": "BRL",
    "¥": "JPY", "jpy": "JPY", "chf": "CHF", "fr.": "CHF", "sek": "SEK", "nok": "NOK",
    "dkk": "DKK",
}  # fmt: skip
_DOLLARS = {"CA": "CAD", "AU": "AUD", "MX": "MXN", "NZ": "NZD"}
_KRONA = {"SE": "SEK", "NO": "NOK", "DK": "DKK"}
_PERIODS = (
    (
        "month",
        r"/\s?mo(?:nth)?\b|\bper month\b|\ba month\b|\bmonthly\b|\bal mes\b|"
        r"\bpar mois\b|\bpro monat\b|\bmensual\b|\bmensuel\b|/\s?mes\b|/\s?mois\b",
    ),
    (
        "year",
        r"/\s?y(?:ea)?r\b|\bper year\b|\ba year\b|\bannually\b|\bal ano\b|\bpar an\b|"
        r"\bpro jahr\b|\banual\b",
    ),
    ("week", r"/\s?w(?:ee)?k\b|\bper week\b|\ba week\b|\bweekly\b|\bpor semana\b"),
    ("hour", r"/\s?h(?:ou)?r\b|\bper hour\b|\ban hour\b|\bla hora\b|\bde l'heure\b"),
    ("session", r"\bper (?:session|class|visit|lesson)\b|\bpor sesion\b|\bpar seance\b"),
    (
        "person",
        r"\bper (?:person|head|guest)\b|\bpor persona\b|\bpar personne\b|"
        r"\bpro person\b|\bpp\b",
    ),
)


@dataclass(frozen=True)
class Found:
    """A price found in a text, and the text around it."""

    price: Price
    before: str
    after: str
    period: str


def currency_code(symbol: str, region: str) -> str | None:
    """The ISO 4217 code a written currency means in `region` (an ISO 3166 code)."""
    folded = symbol.strip().lower()
    if folded in ("$", "dollars", "dollar"):
        return _DOLLARS.get(region, "USD")
    if folded == "kr":
        return _KRONA.get(region)
    if re.fullmatch(r"[a-z]{3}", folded) and folded.upper() not in ("THE", "AND", "FOR"):
        code = folded.upper()
        return code if is_currency(code) else None
    return _SYMBOLS.get(folded)


def minor_units(amount: Decimal, code: str) -> int:
    """An amount in the currency's minor unit, exactly (12.5 EUR → 1250)."""
    return int((amount * (10 ** get_currency_precision(code))).to_integral_value())


_NUMBER = r"\d[\d.,\u00a0\u202f ]*\d|\d"


def find(text: str, region: str) -> Found | None:
    """The first price in a text that names its currency, or None ("14 June" is no price).

    `price-parser` says which currency the text uses; the amount is the number written
    against that currency ("Short break (3 nights) — £420" costs 420, not 3)."""
    parsed = ParsedPrice.fromstring(text)
    if parsed.currency is None:
        return None
    code = currency_code(parsed.currency, region)
    if code is None:
        return None
    symbol = re.escape(parsed.currency)
    if parsed.currency[-1:].isalpha():
        symbol += r"\w*"  # the whole word: "2,20 euros", not "2,20 euro" and an "s"
    located = re.search(rf"{symbol}\s?(?:{_NUMBER})|(?:{_NUMBER})\s?{symbol}", text)
    if located is None:
        return None
    amount = ParsedPrice.fromstring(located.group(0)).amount
    if amount is None:
        return None
    start, end = located.span()
    # "from £45", "desde 45 €": the word belongs to the price, not to the name before it.
    lead = re.search(
        r"(?:\bfrom|\bdesde|\bà partir de|\bdès|\bab|\bstarting at|\bapartir de)\s*$",
        text[:start],
        re.I,
    )
    if lead:
        start = lead.start()
    after = text[end:]
    period = next((name for name, pattern in _PERIODS if re.match(
        rf"\s*(?:{pattern})", fold(after))), "")  # fmt: skip
    written = text[start:end].strip()
    if period:
        slash = re.match(r"\s*/\s?\w+", after)
        if slash:
            written += re.sub(r"\s+", "", slash.group(0))
            after = after[slash.end() :]
    return Found(
        price=Price(amount_minor=minor_units(amount, code), currency=code, text=written[:40]),
        before=text[:start],
        after=after,
        period=period,
    )
