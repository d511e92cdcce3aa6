"""Sending one webhook request to a checked address, pinned so DNS cannot change it."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable

import httpx

from .domain.ssrf import choose_address, parse_destination

Resolver = Callable[[str, int], Awaitable[list[str]]]
REQUEST_TIMEOUT_SECONDS = 15.0


async def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for host:port."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in seen:
            seen.append(address)
    return seen


async def post_pinned(
    url: str,
    body: bytes,
    headers: dict[str, str],
    *,
    resolver: Resolver = system_resolver,
    allow_loopback: bool = False,
    timeout_seconds: float = REQUEST_TIMEOUT_SECONDS,
) -> httpx.Response:
    """POST to `url` after checking the address actually connected to; never follow redirects.

    The host is resolved once, every answer is checked, and the connection goes to the
    checked address with the original Host header and TLS server name: a second DNS answer
    (rebinding) never reaches the socket.
    """
    destination = parse_destination(url, allow_loopback=allow_loopback)
    address = destination.literal or choose_address(
        await resolver(destination.host, destination.port), allow_loopback=allow_loopback
    )
    target = httpx.URL(url).copy_with(host=str(address))
    host_header = destination.host
    if destination.port not in (80, 443):
        host_header = f"{destination.host}:{destination.port}"
    extensions = {"sni_hostname": destination.host} if destination.scheme == "https" else {}
    async with httpx.AsyncClient(
        timeout=timeout_seconds, follow_redirects=False, trust_env=False
    ) as client:
        return await client.post(
            target,
            content=body,
            headers={**headers, "host": host_header, "user-agent": "HotStack-Webhooks/1"},
            extensions=extensions,
        )
