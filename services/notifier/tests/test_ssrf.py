"""Every hostile destination is refused: by form, by literal, or by what it resolves to."""

from __future__ import annotations

import pytest

from hotstack_notifier.domain.ssrf import (
    ForbiddenDestinationError,
    choose_address,
    parse_destination,
)

pytestmark = pytest.mark.unit

HOSTILE_URLS = [
    "http://127.0.0.1/hook",
    "http://127.1/hook",
    "http://2130706433/hook",  # decimal 127.0.0.1
    "http://0177.0.0.1/hook",  # octal
    "http://0x7f.0.0.1/hook",  # hex
    "http://0x7f000001/hook",
    "http://017700000001/hook",
    "http://0/hook",
    "http://0.0.0.0/hook",
    "http://10.0.0.5/hook",
    "http://172.16.3.4/hook",
    "http://192.168.1.1/hook",
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata
    "http://100.64.0.1/hook",  # CGNAT
    "http://198.18.0.1/hook",
    "http://224.0.0.1/hook",
    "http://240.0.0.1/hook",
    "http://255.255.255.255/hook",
    "http://192.0.0.8/hook",
    "http://[::1]/hook",
    "http://[::]/hook",
    "http://[fe80::1]/hook",
    "http://[fc00::1]/hook",
    "http://[fd00:ec2::254]/hook",  # AWS metadata over IPv6
    "http://[ff02::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",  # IPv4-mapped
    "http://[::ffff:a9fe:a9fe]/hook",  # mapped 169.254.169.254
    "http://[64:ff9b::a00:1]/hook",  # NAT64 of 10.0.0.1
    "http://[2002:7f00:1::]/hook",  # 6to4 of 127.0.0.1
    "http://[2001:0:4136:e378::1]/hook",  # Teredo
    "ftp://example.com/hook",
    "file:///etc/passwd",
    "gopher://example.com/",
    "http://user:pass@example.com/hook",
    "http:///hook",
    "http://[::1/hook",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_hostile_urls_are_refused(url: str) -> None:
    with pytest.raises(ForbiddenDestinationError):
        parse_destination(url)


HOSTILE_RESOLUTIONS = [
    ["127.0.0.1"],
    ["10.1.2.3"],
    ["169.254.169.254"],
    ["93.184.216.34", "10.0.0.1"],  # public first, private second
    ["93.184.216.34", "::1"],
    ["::ffff:192.168.0.1"],
    ["fe80::1%eth0"],
    ["100.100.100.200"],  # Alibaba metadata, CGNAT range
    [],
]


@pytest.mark.parametrize("addresses", HOSTILE_RESOLUTIONS)
def test_hostnames_resolving_to_refused_addresses_are_refused(addresses: list[str]) -> None:
    destination = parse_destination("https://hooks.example.com/in")
    assert destination.literal is None  # decided at connect time, from the resolution
    with pytest.raises(ForbiddenDestinationError):
        choose_address(addresses)


def test_public_destinations_pass() -> None:
    assert parse_destination("https://hooks.example.com:8443/in").port == 8443
    assert str(choose_address(["93.184.216.34", "2606:2800:220:1::1"])) == "93.184.216.34"
    assert parse_destination("http://8.8.8.8/hook").literal is not None


def test_loopback_only_when_explicitly_allowed() -> None:
    assert parse_destination("http://127.0.0.1:9000/hook", allow_loopback=True).port == 9000
    assert str(choose_address(["127.0.0.1"], allow_loopback=True)) == "127.0.0.1"
    with pytest.raises(ForbiddenDestinationError):
        parse_destination("http://10.0.0.1/hook", allow_loopback=True)
