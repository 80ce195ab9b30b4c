"""Content versions: numbers in the shared cache that cached public pages, API answers and fragments are
keyed by. A change to content bumps only the versions of what shows it, so the next request for those pages
renders afresh while every other cached page stays.

Two sorts of version ("topics"):
- a *kind* version per sort of content, for the pages that list or count it: `facilities` (lists, the map,
  GeoJSON, search, home), `services`, `places` (free places counted from residents' requests), `calendar`
  (the public-holiday calendar, which changes every open/closed status), `site` (kinds, audiences,
  categories, the contact page: the vocabulary in every filter form), `lifecircle`, `reports`, `search`;
- an *object* version for one facility's or one service's own pages (`facility:<slug>`, `service:<slug>`).
  Every change that bumps an object version bumps its kind too, so a page depending on all the kinds (the
  default for a view that declares nothing) is always fresh.

It lives in the lowest app so that every app's action functions can bump it. Saves, deletes and
many-to-many changes of the local models bump their topics through signals (wanli/signals.py); action
functions that write with `QuerySet.update()` or `F()` (which send no signal) call `bump_topics()` (or
`bump_content_version()`, which bumps every kind) themselves.
"""

import time
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

SITE = "site"
FACILITIES = "facilities"
SERVICES = "services"
PLACES = "places"
CALENDAR = "calendar"
LIFECIRCLE = "lifecircle"
REPORTS = "reports"
SEARCH = "search"
ALL_KINDS = (SITE, FACILITIES, SERVICES, PLACES, CALENDAR, LIFECIRCLE, REPORTS, SEARCH)

KEY_PREFIX = "wanli:version:"
# The sum of every kind's version: kept under the old name for code that wants "has anything changed".
CONTENT_VERSION_KEY = f"{KEY_PREFIX}{SITE}"


def facility_topic(slug: str) -> str:
    return f"facility:{slug}"


def service_topic(slug: str) -> str:
    return f"service:{slug}"


def version_key(topic: str) -> str:
    return f"{KEY_PREFIX}{topic}"


def _fresh_version() -> int:
    # Time-based, so a version lost with the cache (eviction, Redis restart) never comes back as an old one
    # whose pages may still be cached.
    return time.time_ns() // 1000


def versions_from(found: dict, topics: Iterable[str]) -> tuple[int, ...] | None:
    """The versions of `topics` out of `found` (a `cache.get_many` answer keyed by `version_key`), creating
    those missing; None when the cache is unavailable (then nothing is cached)."""
    topics = tuple(topics)
    missing = [topic for topic in topics if found.get(version_key(topic)) is None]
    if missing:
        fresh = _fresh_version()
        for topic in missing:
            cache.add(version_key(topic), fresh, timeout=None)
        found = {**found, **cache.get_many([version_key(topic) for topic in missing])}
    values = tuple(found.get(version_key(topic)) for topic in topics)
    return None if None in values else values


def topic_versions(topics: Iterable[str]) -> tuple[int, ...] | None:
    """The current versions of `topics`, in their order (one cache round trip); None without a cache."""
    topics = tuple(topics)
    return versions_from(cache.get_many([version_key(topic) for topic in topics]), topics)


def content_version() -> int | None:
    """One number that changes whenever any kind of content changes (the sum of the kind versions)."""
    versions = topic_versions(ALL_KINDS)
    return None if versions is None else sum(versions)


def _bump(topics: tuple[str, ...]) -> None:
    for topic in topics:
        try:
            cache.incr(version_key(topic))
        except ValueError:  # the key is missing (never set, or evicted)
            cache.set(version_key(topic), _fresh_version(), timeout=None)


def bump_topics(*topics: str) -> None:
    """Marks the cached pages and fragments showing `topics` stale. Bumps now and again once the surrounding
    transaction commits: a page rendered between the write and the commit (still showing the old data) is
    then never served."""
    topics = tuple(dict.fromkeys(topic for topic in topics if topic))
    if not topics:
        return
    _bump(topics)
    transaction.on_commit(lambda: _bump(topics))


def bump_content_version() -> None:
    """Marks every cached page stale (every kind, hence every object page too)."""
    bump_topics(*ALL_KINDS)
