"""Response headers for the few HTML pages the services serve themselves."""

from __future__ import annotations


def page_headers(*, scripts: bool = False, cache: str = "no-store") -> dict[str, str]:
    """A strict same-origin policy, no framing, no referrer; `cache` is the Cache-Control."""
    sources = "script-src 'self'; connect-src 'self'; " if scripts else ""
    return {
        "Content-Security-Policy": (
            f"default-src 'none'; {sources}style-src 'self'; img-src 'self' data:; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": cache,
    }
