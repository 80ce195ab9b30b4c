"""Writes for the life circle: clearing the cached coverage matrix."""

from django.core.cache import cache

from .queries import COVERAGE_VERSION_KEY


def coverage_invalidate() -> None:
    """Makes the next coverage request recompute: the matrix's cache key carries this version number."""
    cache.add(COVERAGE_VERSION_KEY, 1, timeout=None)
    try:
        cache.incr(COVERAGE_VERSION_KEY)
    except ValueError:  # evicted between add() and incr()
        cache.set(COVERAGE_VERSION_KEY, 2, timeout=None)
