"""Writes for the search: counting searches that found nothing, and rebuilding the stored search text."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F

from facilities.models import Facility
from services.models import Service

from .models import UnmatchedSearch

MAX_RECORDED_LENGTH = UnmatchedSearch._meta.get_field("query").max_length


def unmatched_search_record(*, query: str, on: date) -> None:
    """Counts one search that found nothing: the normalised words and the day only, never who or from where.

    Concurrent searches for the same new words are safe: the count changes with F() in the database, and a
    second first-time insert falls back to the update."""
    query = query[:MAX_RECORDED_LENGTH].strip()
    if not query:
        return
    existing = UnmatchedSearch.objects.filter(query=query)
    if existing.update(count=F("count") + 1, last_seen=on):
        return
    try:
        with transaction.atomic():
            UnmatchedSearch.objects.create(query=query, count=1, first_seen=on, last_seen=on)
    except IntegrityError:
        existing.update(count=F("count") + 1, last_seen=on)


def search_text_rebuild() -> dict[str, int]:
    """Recomputes the stored search text of every facility and service (the recycle bin too); returns how
    many rows of each changed. For rows written by a path that bypassed the model (raw SQL, an old import)."""
    return {
        "facilities": Facility.all_objects.all().rebuild_search_text(),
        "services": Service.all_objects.all().rebuild_search_text(),
    }
