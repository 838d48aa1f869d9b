"""Who is asking, from where, and over what: the client's address and HTTPS, believing a
reverse proxy's ``X-Forwarded-For`` and ``X-Forwarded-Proto`` only when the peer is one of
the trusted proxies (anyone else could write any address there and dodge the rate limits),
and whether the browser says a post comes from this site."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """Addresses or networks (``10.0.0.0/8``); the configuration has checked them."""
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(text: str | None, proxies: tuple[Network, ...]) -> bool:
    address = _address(text or "")
    return address is not None and any(address in network for network in proxies)


def client_address(request: Request, proxies: tuple[Network, ...]) -> str:
    """The nearest address that is not a trusted proxy, reading ``X-Forwarded-For`` from the
    right; the peer itself when it is not trusted or the header is junk."""
    peer = request.remote_addr or "unknown"
    if not _trusted(peer, proxies):
        return peer
    forwarded = request.headers.get("X-Forwarded-For", "")[:1000].split(",")
    for hop in reversed(forwarded):
        address = _address(hop)
        if address is None:
            return peer
        if not _trusted(str(address), proxies):
            return str(address)
    return peer


def is_https(request: Request, proxies: tuple[Network, ...]) -> bool:
    """HTTPS to this server, or to a trusted proxy that says so."""
    if request.scheme == "https":
        return True
    if not _trusted(request.remote_addr, proxies):
        return False
    proto = request.headers.get("X-Forwarded-Proto", "")
    return proto.split(",")[0].strip().lower() == "https"


def same_origin(request: Request) -> bool:
    """False when the browser says the request comes from another site (``Origin``,
    ``Sec-Fetch-Site``); a client that sends neither still needs the CSRF token."""
    origin = request.headers.get("Origin")
    if origin is not None:
        try:
            if urlsplit(origin[:300]).netloc != request.host:
                return False
        except ValueError:  # "http://[" and the like
            return False
    return request.headers.get("Sec-Fetch-Site", "same-origin") in ("same-origin", "none")
