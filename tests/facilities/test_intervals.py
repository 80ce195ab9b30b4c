"""The stored opening intervals (facilities/models/intervals.py) follow every write of the weekly hours."""

from datetime import time

import pytest
from django.urls import reverse

from facilities.actions import opening_hours_apply_preset, opening_hours_copy_day
from facilities.demo import generate_demo_facilities
from facilities.models import Facility, OpeningPeriod
from facilities.models.intervals import OpeningInterval, rebuild_opening_intervals, split_period
from publishing.models import PendingRevision
from publishing.publishable import PublicationStatus
from wanli import roles

from ..wanli.factories import StaffUserFactory
from .admin_forms import change_form_data
from .factories import FacilityFactory, OpeningPeriodFactory

pytestmark = pytest.mark.django_db

MONDAY, SUNDAY = 0, 6


def stored(facility) -> list[tuple]:
    rows = OpeningInterval.objects.filter(facility=facility)
    return sorted(rows.values_list("weekday", "start_minute", "end_minute", "continues_from_previous_day"))


def expected(facility) -> list[tuple]:
    return sorted(
        piece
        for period in OpeningPeriod.objects.filter(facility=facility)
        for piece in split_period(period.weekday, period.opens, period.closes)
    )


def test_a_period_within_a_day_is_one_interval_in_minutes_of_the_week():
    assert split_period(1, time(8, 30), time(17)) == [(1, 1440 + 510, 1440 + 1020, False)]


def test_a_period_past_midnight_is_split_and_sundays_night_goes_to_monday_morning():
    assert split_period(SUNDAY, time(22), time(2)) == [
        (SUNDAY, 6 * 1440 + 1320, 7 * 1440, False),
        (SUNDAY, 0, 120, True),
    ]
    assert split_period(MONDAY, time(20), time(0)) == [(MONDAY, 1200, 1440, False)]  # until midnight: no second part


def test_seconds_round_up_to_the_next_minute():
    assert split_period(MONDAY, time(8, 0, 30), time(9)) == [(MONDAY, 481, 540, False)]


def test_single_saves_and_deletes_keep_the_intervals_right():
    facility, other = FacilityFactory(), FacilityFactory()
    period = OpeningPeriodFactory(facility=facility, weekday=2, opens=time(9), closes=time(17))
    assert stored(facility) == expected(facility) == [(2, 2 * 1440 + 540, 2 * 1440 + 1020, False)]
    period.closes = time(1)
    period.save()
    assert stored(facility) == expected(facility) and len(stored(facility)) == 2
    period.facility = other  # moved: both owners change
    period.save()
    assert stored(facility) == [] and stored(other) == expected(other)
    period.delete()
    assert stored(other) == []


def test_bulk_writes_keep_the_intervals_right():
    facility = FacilityFactory()
    OpeningPeriod.objects.bulk_create(
        [OpeningPeriod(facility=facility, weekday=day, opens=time(8), closes=time(20)) for day in range(7)]
    )
    assert stored(facility) == expected(facility) and len(stored(facility)) == 7
    OpeningPeriod.objects.filter(facility=facility, weekday__gte=5).update(closes=time(2))
    assert stored(facility) == expected(facility) and len(stored(facility)) == 9
    periods = list(OpeningPeriod.objects.filter(facility=facility, weekday=0))
    periods[0].opens = time(10)
    OpeningPeriod.objects.bulk_update(periods, ["opens"])
    assert stored(facility) == expected(facility)
    OpeningPeriod.objects.filter(facility=facility, weekday__lte=3).delete()
    assert stored(facility) == expected(facility) and len(stored(facility)) == 5


def test_the_hours_presets_and_copying_a_day_keep_the_intervals_right():
    facility = FacilityFactory()
    opening_hours_apply_preset(facility=facility, preset="weekdays-lunch-break")
    assert stored(facility) == expected(facility) and len(stored(facility)) == 10
    OpeningPeriodFactory(facility=facility, weekday=5, opens=time(22), closes=time(3))
    opening_hours_copy_day(facility=facility, from_weekday=5, to_weekdays=[6])
    assert stored(facility) == expected(facility) and len(stored(facility)) == 14


def test_demo_generation_makes_the_intervals_in_bulk():
    generate_demo_facilities(count=30)
    demo = Facility.objects.filter(is_demo=True)
    assert (
        OpeningInterval.objects.filter(facility__in=demo).count()
        == OpeningPeriod.objects.filter(facility__in=demo).count()
    )
    for facility in demo[:5]:
        assert stored(facility) == expected(facility)


def test_rebuild_mends_intervals_written_around_the_model(django_assert_max_num_queries):
    facilities = [FacilityFactory() for _ in range(3)]
    for facility in facilities:
        OpeningPeriodFactory(facility=facility, weekday=1, opens=time(9), closes=time(12))
    OpeningInterval.objects.all().delete()
    with django_assert_max_num_queries(5):  # whatever the number of facilities
        rebuild_opening_intervals()
    assert all(stored(facility) == expected(facility) != [] for facility in facilities)


def change_url(facility):
    return reverse("admin:facilities_facility_change", args=[facility.pk])


def test_admin_inline_saves_keep_the_intervals_right(client):
    facility = FacilityFactory(publication_status=PublicationStatus.DRAFT)
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
    client.force_login(StaffUserFactory(role=roles.PUBLISHER))
    data = change_form_data(client.get(change_url(facility)))
    data |= {"opening_periods-0-closes": "02:00"}
    response = client.post(change_url(facility), data)
    assert response.status_code == 302
    assert stored(facility) == expected(facility) == [(0, 540, 1440, False), (0, 1440, 1560, True)]


def test_an_approved_revision_keeps_the_intervals_right(client):
    facility = FacilityFactory(publication_status=PublicationStatus.PUBLISHED)
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
    client.force_login(StaffUserFactory(role=roles.CONTENT_EDITOR))
    data = change_form_data(client.get(change_url(facility))) | {"opening_periods-0-closes": "18:00"}
    client.post(change_url(facility), data)
    assert stored(facility) == [(0, 540, 1020, False)]  # waiting for review: the live hours are unchanged
    client.force_login(StaffUserFactory(role=roles.PUBLISHER))
    revision = PendingRevision.objects.pending().get()
    client.post(reverse("admin:publishing_pendingrevision_change", args=[revision.pk]), {"_approve": "1"})
    assert stored(facility) == expected(facility) == [(0, 540, 1080, False)]


def test_the_data_migration_fills_intervals_for_existing_periods():
    from importlib import import_module

    from django.apps import apps

    facility = FacilityFactory()
    OpeningPeriodFactory(facility=facility, weekday=SUNDAY, opens=time(21), closes=time(1))
    OpeningInterval.objects.all().delete()
    import_module("facilities.migrations.0012_fill_opening_intervals").fill(apps, None)
    assert stored(facility) == expected(facility) and len(stored(facility)) == 2


def test_the_interval_rules_are_in_the_database_too():
    from django.db import IntegrityError, transaction

    facility = FacilityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningInterval.objects.create(facility=facility, weekday=0, start_minute=600, end_minute=600)
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningInterval.objects.create(facility=facility, weekday=7, start_minute=0, end_minute=60)
