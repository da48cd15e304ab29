"""The address of the client behind the documented TLS proxy, for the sign-in throttle.

Behind a proxy every request comes from the proxy's address, so a throttle keyed on it would
count everyone's failures together. The proxy names the real client in X-Forwarded-For; that
header is read only when the request comes from a proxy listed in PALG_TRUSTED_PROXIES (anyone
else could write any address into it), and then from the right: each trusted proxy appends the
address it received the request from, so the first address from the right that is not one of
our proxies is the client. Entries to its left were written by the client and are not trusted.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

MAX_LENGTH = 64  # LoginFailure.address


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def client_address(request: HttpRequest) -> str:
    """The client's address: the peer itself, or, from a trusted proxy, the nearest address in
    X-Forwarded-For that is not a trusted proxy."""
    peer = request.META.get("REMOTE_ADDR", "")
    if not _trusted(peer):
        return peer[:MAX_LENGTH]
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop):
            return hop[:MAX_LENGTH]
    # Only proxies in the chain (or no header): the farthest one is the best we know.
    return (hops[0] if hops else peer)[:MAX_LENGTH]
