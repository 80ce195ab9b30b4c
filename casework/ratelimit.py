"""Fixed-window rate limits kept in the Django cache (Redis in production), shared by every worker."""
import hashlib

from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMITS = {
    # name: (how many, per how many seconds)
    "request_ip": (10, 3600),
    "request_phone": (3, 86400),
    "correction_ip": (10, 3600),
    "track_ip": (30, 3600),
    # Staff password reset (wanli/password_reset.py): per client address, and per e-mail address typed.
    "password_reset_ip": (10, 3600),
    "password_reset_email": (3, 3600),
}


def limit_for(name: str) -> tuple[int, int]:
    configured = getattr(settings, "CASEWORK_RATE_LIMITS", {}) or {}
    return tuple(configured.get(name, DEFAULT_LIMITS[name]))


def client_ip(request) -> str:
    """The client address. Behind N trusted proxies (CASEWORK_TRUSTED_PROXIES), the Nth address from the right
    of X-Forwarded-For; never the left-most one, which the client can forge."""
    proxies = getattr(settings, "CASEWORK_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(name: str, identity: str) -> str:
    # Hashed so phone numbers never sit in the cache in clear.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{identity}".encode()).hexdigest()[:32]
    return f"casework:rl:{name}:{digest}"


def is_limited(name: str, identity: str) -> bool:
    """True when `identity` has already used up the limit `name` in the current window."""
    allowed, _window = limit_for(name)
    return (cache.get(_key(name, identity)) or 0) >= allowed


def record_hit(name: str, identity: str) -> int:
    """Counts one use; returns the count in the current window."""
    _allowed, window = limit_for(name)
    key = _key(name, identity)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window)
        return 1


def hit(name: str, identity: str) -> bool:
    """Counts one use and says whether it went over the limit."""
    allowed, _window = limit_for(name)
    return record_hit(name, identity) > allowed
