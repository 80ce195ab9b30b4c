"""Fixed-window counters for the rate limits: counted first, atomically, in the shared cache (Redis), and in
this process's memory while the shared cache does not answer.

`increment` is one atomic step (Redis INCR, or ADD for the window's first use), so parallel requests each
get their own number and at most `limit` of them can be within a limit. Counting before the work, and
refusing when over, is what makes a limit hold under parallel requests.

While Redis is down or hung (the circuit breaker in safeguards.redis_breaker keeps that cheap), the
counters live in local memory: per process, so a server with N worker processes lets through up to N
times a limit during the outage. The site stays limited, never unlimited.
"""

from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import RedisError

# Enough for every address that could use a limit during an outage; beyond it the oldest third is dropped.
LOCAL_MAX_ENTRIES = 50_000

local_counters = LocMemCache("safeguards-counters", {"OPTIONS": {"MAX_ENTRIES": LOCAL_MAX_ENTRIES}})


def increment(key: str, *, window: int) -> int:
    """Counts one use of `key` in its window of `window` seconds; returns the count so far, this use included."""
    count = _increment_in(cache, key, window)
    if count is None:  # the shared cache did not answer
        count = _increment_in(local_counters, key, window)
    return count


def decrement(key: str) -> None:
    """Gives back one use (work counted first that did not happen after all)."""
    for store in (cache, local_counters):
        try:
            if store.decr(key) is not None:
                return
        except ValueError:  # no counter (its window ended): nothing to give back
            pass


def current(key: str) -> int:
    """The count so far, without counting (0 when there is none)."""
    shared = cache.get(key)
    if shared is not None:
        return int(shared)
    return int(local_counters.get(key) or 0)


def ttl(key: str) -> int | None:
    """Seconds left in the key's window, where the cache can say (django-redis can; others cannot)."""
    remaining = getattr(cache, "ttl", None)
    try:
        value = remaining(key) if remaining is not None else None
    except RedisError:  # django-redis lets ttl's connection errors through, IGNORE_EXCEPTIONS or not
        return None
    return value if isinstance(value, int) and value > 0 else None


def _increment_in(store: BaseCache, key: str, window: int) -> int | None:
    """None when `store` did not answer (django-redis with IGNORE_EXCEPTIONS returns None then)."""
    for _attempt in range(3):
        try:
            return store.incr(key)
        except ValueError:  # no counter yet, or its window has just ended
            pass
        added = store.add(key, 1, timeout=window)
        if added is None:
            return None
        if added:
            return 1
        # Another request started the window between our incr and add: count on its counter.
    return None
