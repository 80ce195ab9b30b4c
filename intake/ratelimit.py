"""Fixed-window rate limits on the public forms, counted in the shared cache (Redis in production) by every
worker, and in local memory while Redis is away (safeguards.counters).

A limit holds under parallel requests only if a use is counted before the work is done: `take` counts and
says whether the use is within the limit; `give_back` returns a use whose work did not happen after all
(an invalid form, a refused submission), so mistakes do not use up a resident's allowance.
"""

import hashlib

from django.conf import settings

from safeguards import counters
from safeguards.client_address import client_ip  # noqa: F401  (the one client address, re-exported for views)

DEFAULT_LIMITS = {
    # name: (how many, per how many seconds)
    "request_ip": (10, 3600),
    "request_phone": (3, 86400),
    "correction_ip": (10, 3600),
    "track_ip": (30, 3600),
    # Staff password reset (wanli/password_reset.py): per client address, and per e-mail address typed.
    "password_reset_ip": (10, 3600),
    "password_reset_email": (3, 3600),
    # Activity sign-ups (activities/views.py): per client address and per phone; looking one up by its code.
    "signup_ip": (10, 3600),
    "signup_phone": (5, 86400),
    "signup_track_ip": (30, 3600),
}


def limit_for(name: str) -> tuple[int, int]:
    configured = getattr(settings, "CASEWORK_RATE_LIMITS", {}) or {}
    return tuple(configured.get(name, DEFAULT_LIMITS[name]))


def _key(name: str, identity: str) -> str:
    # Hashed so phone numbers never sit in the cache in clear.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{identity}".encode()).hexdigest()[:32]
    return f"casework:rl:{name}:{digest}"


def is_limited(name: str, identity: str) -> bool:
    """True when `identity` has already used up the limit `name` in the current window (a cheap early
    refusal; only `take` decides, atomically)."""
    allowed, _window = limit_for(name)
    return counters.current(_key(name, identity)) >= allowed


def record_hit(name: str, identity: str) -> int:
    """Counts one use; returns the count in the current window."""
    _allowed, window = limit_for(name)
    return counters.increment(_key(name, identity), window=window)


def take(name: str, identity: str) -> bool:
    """Counts one use before the work; True when it is within the limit (then do the work), False when over."""
    allowed, _window = limit_for(name)
    return record_hit(name, identity) <= allowed


def give_back(name: str, identity: str) -> None:
    """Returns a use counted by `take` whose work was not done."""
    counters.decrement(_key(name, identity))


def hit(name: str, identity: str) -> bool:
    """Counts one use and says whether it went over the limit."""
    return not take(name, identity)
