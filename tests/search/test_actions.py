"""Counting searches that found nothing, and rebuilding the stored search text."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from facilities.models import Facility
from search.actions import search_text_rebuild, unmatched_search_record
from search.models import UnmatchedSearch
from services.models import Service

from ..facilities.factories import FacilityFactory
from ..services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_counts_and_keeps_first_and_last_day():
    unmatched_search_record(query="火星", on=date(2026, 1, 1))
    unmatched_search_record(query="火星", on=date(2026, 1, 5))
    row = UnmatchedSearch.objects.get()
    assert (row.count, row.first_seen, row.last_seen) == (2, date(2026, 1, 1), date(2026, 1, 5))


def test_empty_words_are_not_recorded_and_long_ones_are_cut():
    unmatched_search_record(query="", on=date(2026, 1, 1))
    unmatched_search_record(query="长" * 300, on=date(2026, 1, 1))
    assert list(UnmatchedSearch.objects.values_list("query", flat=True)) == ["长" * 100]


def test_recording_does_not_make_cached_pages_stale():
    from facilities.content_version import content_version

    before = content_version()
    unmatched_search_record(query="火星", on=date(2026, 1, 1))
    unmatched_search_record(query="火星", on=date(2026, 1, 2))
    assert content_version() == before


def test_rebuild_command_fixes_rows_written_behind_the_models():
    facility, service = FacilityFactory(name="万里公园"), ServiceFactory(name="小修小补")
    Facility.objects.filter(pk=facility.pk).update(search_text="")
    Service.objects.filter(pk=service.pk).update(search_text="")
    out = StringIO()
    call_command("rebuild_search_text", stdout=out)
    assert "'facilities': 1" in out.getvalue() and "'services': 1" in out.getvalue()
    facility.refresh_from_db()
    service.refresh_from_db()
    assert "wanligongyuan" in facility.search_text and "xiaoxiuxiaobu" in service.search_text
    assert search_text_rebuild() == {"facilities": 0, "services": 0}
