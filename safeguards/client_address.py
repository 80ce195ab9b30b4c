"""The client's address, decided once for the rate limits, django-axes and the access log.

Behind N trusted reverse proxies that each append to X-Forwarded-For, the N-th entry from the right was
written by the first proxy and is the address it saw; everything to its left came from the client and may
be forged. With no trusted proxies (TRUSTED_PROXY_COUNT=0) only REMOTE_ADDR counts.
"""

import ipaddress
import logging
import threading
import time
from collections.abc import Mapping

from django.conf import settings

logger = logging.getLogger(__name__)

UNKNOWN = "unknown"
# A misconfigured proxy count shows on every request: say so at most this often per process.
WARNING_INTERVAL_SECONDS = 600

_warning_lock = threading.Lock()
_last_warning = {"at": None}


def address_from(meta: Mapping[str, str], *, trusted_proxies: int) -> str:
    """The client's address from a WSGI environ or request.META."""
    remote = meta.get("REMOTE_ADDR") or UNKNOWN
    if trusted_proxies <= 0:
        return remote
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < trusted_proxies:
        _warn_misconfigured(
            "TRUSTED_PROXY_COUNT is %s but X-Forwarded-For holds %s address(es) (from %s): using REMOTE_ADDR. "
            "Is the proxy in front setting X-Forwarded-For, and is the count right?",
            trusted_proxies,
            len(forwarded),
            remote,
        )
        return remote
    candidate = forwarded[-trusted_proxies]
    if not _is_ip(candidate):
        _warn_misconfigured(
            "X-Forwarded-For entry %r is not an IP address (from %s): using REMOTE_ADDR.", candidate, remote
        )
        return remote
    return candidate


def client_ip(request) -> str:
    """The address of the client that sent `request`, per settings.TRUSTED_PROXY_COUNT."""
    return address_from(request.META, trusted_proxies=settings.TRUSTED_PROXY_COUNT)


def axes_client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the same address, or None when there is none (axes stores it as an IP)."""
    address = client_ip(request)
    return None if address == UNKNOWN else address


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _warn_misconfigured(message: str, *args) -> None:
    now = time.monotonic()
    with _warning_lock:
        last = _last_warning["at"]
        if last is not None and now - last < WARNING_INTERVAL_SECONDS:
            return
        _last_warning["at"] = now
    logger.warning(message, *args)


def reset_warning_interval() -> None:
    """Lets the next misconfiguration be logged at once (tests)."""
    with _warning_lock:
        _last_warning["at"] = None
