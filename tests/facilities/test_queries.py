"""Reads: the bound on how long an "open now" answer may be cached."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from facilities.actions import load_official_holidays
from facilities.hours import HolidayCalendar, next_change
from facilities.models import CalendarDayKind
from facilities.queries import next_hours_transition, next_year_holidays_missing, public_facilities
from publishing.publishable import PublicationStatus
from tests.facilities.factories import (
    FacilityFactory,
    HoursExceptionFactory,
    OpeningPeriodFactory,
    PublicHolidayFactory,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = date(2024, 6, 3)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def test_without_hours_the_bound_is_midnight():
    FacilityFactory()
    assert next_hours_transition(after=at(MONDAY, 10)) == at(MONDAY + timedelta(days=1), 0)


def test_next_opening_or_closing_of_published_facilities():
    OpeningPeriodFactory(facility=FacilityFactory(), weekday=0, opens=time(9), closes=time(17))
    OpeningPeriodFactory(facility=FacilityFactory(), weekday=1, opens=time(7, 30), closes=time(11))
    draft = FacilityFactory(publication_status=PublicationStatus.DRAFT)
    OpeningPeriodFactory(facility=draft, weekday=0, opens=time(8), closes=time(8, 30))
    assert next_hours_transition(after=at(MONDAY, 7, 45)) == at(MONDAY, 9)  # the draft's 08:00 is ignored
    assert next_hours_transition(after=at(MONDAY, 9)) == at(MONDAY, 11)
    assert next_hours_transition(after=at(MONDAY, 18)) == at(MONDAY + timedelta(days=1), 0)


def test_special_hours_count_as_transitions():
    facility = FacilityFactory()
    HoursExceptionFactory(facility=facility, date=MONDAY, is_closed=False, opens=time(13), closes=time(15))
    assert next_hours_transition(after=at(MONDAY, 12)) == at(MONDAY, 13)


def test_bound_is_never_later_than_the_exact_next_change():
    for weekday in range(7):
        OpeningPeriodFactory(facility=FacilityFactory(), weekday=weekday, opens=time(8), closes=time(20))
        OpeningPeriodFactory(facility=FacilityFactory(), weekday=weekday, opens=time(22), closes=time(2))
    PublicHolidayFactory(date=MONDAY + timedelta(days=1))
    HoursExceptionFactory(facility=FacilityFactory(), date=MONDAY, is_closed=False, opens=time(10, 15), closes=time(12))
    facilities = list(public_facilities())
    moment = at(MONDAY, 0, 30)
    for _ in range(60):
        exact = next_change(facilities, at=moment, calendar=HolidayCalendar.around(moment.date()))
        bound = next_hours_transition(after=moment)
        assert bound > moment
        if exact is not None:
            assert bound <= exact
        moment += timedelta(minutes=47)


# --- is next year's holiday calendar there? ----------------------------------------------------------------


def test_next_year_is_missing_until_its_holidays_are_loaded():
    assert next_year_holidays_missing(today=date(2025, 11, 1))
    load_official_holidays(years=[2025])
    assert next_year_holidays_missing(today=date(2025, 11, 1)), "only this year's calendar is loaded"
    load_official_holidays(years=[2026])
    assert not next_year_holidays_missing(today=date(2025, 11, 1))
    assert next_year_holidays_missing(today=date(2026, 11, 1)), "2027 is not published in the package yet"


def test_make_up_working_days_alone_do_not_count_as_next_years_calendar():
    PublicHolidayFactory(date=date(2027, 1, 3), kind=CalendarDayKind.WORKDAY, name="元旦调休")
    assert next_year_holidays_missing(today=date(2026, 12, 4))
    PublicHolidayFactory(date=date(2027, 1, 1), kind=CalendarDayKind.HOLIDAY, name="元旦")
    assert not next_year_holidays_missing(today=date(2026, 12, 4))


def test_facilities_to_do_leaves_out_the_recycle_bin_and_demo_places(settings):
    from django.utils import timezone

    from facilities.queries import facilities_to_do
    from publishing.actions import move_to_recycle_bin

    settings.REVIEW_AFTER_DAYS = 180
    FacilityFactory(publication_status=PublicationStatus.DRAFT)
    move_to_recycle_bin(obj=FacilityFactory(publication_status=PublicationStatus.DRAFT), by=None)
    FacilityFactory(last_verified=None)
    FacilityFactory(last_verified=None, is_demo=True)
    FacilityFactory(last_verified=timezone.localdate() - timedelta(days=400), is_demo=True)
    to_do = facilities_to_do()
    assert (to_do.drafts, to_do.never_verified, to_do.verified_long_ago) == (1, 1, 0)
