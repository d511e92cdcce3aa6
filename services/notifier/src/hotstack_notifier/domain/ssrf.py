"""Which webhook destinations are allowed: public addresses only, checked after resolution."""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Ranges `ipaddress.is_global` does not already rule out, or that deserve a clear reason.
_REFUSED_V4 = {
    "this network": ipaddress.ip_network("0.0.0.0/8"),
    "carrier-grade NAT": ipaddress.ip_network("100.64.0.0/10"),
    "IETF protocol assignments": ipaddress.ip_network("192.0.0.0/24"),
    "benchmarking": ipaddress.ip_network("198.18.0.0/15"),
    "reserved": ipaddress.ip_network("240.0.0.0/4"),
    "multicast": ipaddress.ip_network("224.0.0.0/4"),
}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_SIX_TO_FOUR = ipaddress.ip_network("2002::/16")
_TEREDO = ipaddress.ip_network("2001::/32")
_NUMERIC_HOST = re.compile(r"^[0-9a-fA-Fx.]+$")


class ForbiddenDestinationError(ValueError):
    """The destination is not a public http(s) address; the message says why."""


def refusal(ip: IPAddress, *, allow_loopback: bool = False) -> str | None:
    """Why `ip` must not be connected to, or None when it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return _embedded(ip.ipv4_mapped, "IPv4-mapped", allow_loopback)
        if ip in _NAT64 or ip in _NAT64_LOCAL:
            return _embedded(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF), "NAT64", allow_loopback)
        if ip in _SIX_TO_FOUR:
            embedded = ipaddress.IPv4Address((int(ip) >> 80) & 0xFFFFFFFF)
            return _embedded(embedded, "6to4", allow_loopback)
        if ip in _TEREDO:
            return "Teredo tunnel addresses are refused"
    if ip.is_loopback:
        return None if allow_loopback else "loopback addresses are refused"
    if ip.is_link_local:
        return "link-local addresses (including cloud metadata) are refused"
    if ip.is_multicast:
        return "multicast addresses are refused"
    if ip.is_unspecified:
        return "the unspecified address is refused"
    if isinstance(ip, ipaddress.IPv4Address):
        for name, network in _REFUSED_V4.items():
            if ip in network:
                return f"{name} addresses are refused"
    if ip.is_private:
        return "private addresses are refused"
    if ip.is_reserved or not ip.is_global:
        return "reserved or non-global addresses are refused"
    return None


def _embedded(ip: ipaddress.IPv4Address, form: str, allow_loopback: bool) -> str | None:
    reason = refusal(ip, allow_loopback=allow_loopback)
    return f"{form} form of a refused address: {reason}" if reason else None


@dataclass(frozen=True)
class Destination:
    """A parsed webhook URL; `literal` is set when the host is an IP address."""

    scheme: str
    host: str
    port: int
    literal: IPAddress | None


def parse_destination(url: str, *, allow_loopback: bool = False) -> Destination:
    """Check the URL's form; IP literals (in any numeric spelling) are checked at once."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ForbiddenDestinationError(f"not a valid URL: {error}") from error
    if parts.scheme not in ("http", "https"):
        raise ForbiddenDestinationError("only http and https URLs are allowed")
    if parts.username is not None or parts.password is not None:
        raise ForbiddenDestinationError("credentials in the URL are not allowed")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ForbiddenDestinationError("the URL has no host")
    literal = _literal(host)
    if literal is not None:
        reason = refusal(literal, allow_loopback=allow_loopback)
        if reason:
            raise ForbiddenDestinationError(reason)
    default = 443 if parts.scheme == "https" else 80
    return Destination(parts.scheme, host, port or default, literal)


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if _NUMERIC_HOST.match(host):
        # Decimal, octal, hex and short IPv4 spellings ("2130706433", "0177.1", "0x7f.1").
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError as error:
            raise ForbiddenDestinationError(f"malformed numeric host {host!r}") from error
    return None


def choose_address(addresses: list[str], *, allow_loopback: bool = False) -> IPAddress:
    """The address to connect to; every resolved address must be allowed."""
    if not addresses:
        raise ForbiddenDestinationError("the host does not resolve")
    parsed = [ipaddress.ip_address(a.split("%", 1)[0]) for a in addresses]
    for ip in parsed:
        reason = refusal(ip, allow_loopback=allow_loopback)
        if reason:
            raise ForbiddenDestinationError(f"resolves to {ip}: {reason}")
    return parsed[0]
