"""The site-wide content version: one number in the shared cache that every cached public page and API
response is keyed by. Any change to public content bumps it, so the next request renders afresh.

It lives in the lowest app so that every app's action functions can bump it. Saves, deletes and
many-to-many changes of every local model bump it through signals (wanli/apps.py); action functions that
write with `QuerySet.update()` or `F()` (which send no signal) call `bump_content_version()` themselves.
"""

import time

from django.core.cache import cache
from django.db import transaction

CONTENT_VERSION_KEY = "wanli:content-version"


def _fresh_version() -> int:
    # Time-based, so a version lost with the cache (eviction, Redis restart) never comes back as an old one
    # whose pages may still be cached.
    return time.time_ns() // 1000


def content_version() -> int | None:
    """The current version; None when the cache is unavailable (then nothing is cached)."""
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, _fresh_version(), timeout=None)
        version = cache.get(CONTENT_VERSION_KEY)
    return version


def _bump() -> None:
    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:  # the key is missing (never set, or evicted)
        cache.set(CONTENT_VERSION_KEY, _fresh_version(), timeout=None)


def bump_content_version() -> None:
    """Marks every cached page stale. Bumps now and again once the surrounding transaction commits: a page
    rendered between the write and the commit (still showing the old data) is then never served."""
    _bump()
    transaction.on_commit(_bump)
