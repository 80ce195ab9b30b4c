"""The open-now logic: weekly hours, past midnight, dated exceptions, holidays, 调休 days, unknown hours,
and the Asia/Shanghai time zone."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from facilities.actions import load_official_holidays
from facilities.hours import HolidayCalendar, OpenState, hours_today, open_status, weekly_runs
from facilities.models import CalendarDayKind, OperationStatus
from facilities.templatetags.facility_tags import weekly_hours_lines
from tests.facilities.factories import (
    FacilityFactory,
    HoursExceptionFactory,
    OpeningPeriodFactory,
    PublicHolidayFactory,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
# 2026-11-30 is a Monday.
MONDAY = date(2026, 11, 30)


def at(day: date, hour: int, minute: int = 0, zone=SHANGHAI) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def test_no_hours_means_unknown():
    facility = FacilityFactory()
    assert open_status(facility, at=at(MONDAY, 10)).state == OpenState.UNKNOWN


def test_open_inside_a_period_and_closed_outside():
    facility = FacilityFactory()
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
    assert open_status(facility, at=at(MONDAY, 9)).state == OpenState.OPEN
    assert open_status(facility, at=at(MONDAY, 16, 59)).state == OpenState.OPEN
    assert open_status(facility, at=at(MONDAY, 17)).state == OpenState.CLOSED
    assert open_status(facility, at=at(MONDAY, 8, 59)).state == OpenState.CLOSED


def test_open_status_tells_when_it_closes_and_next_opens():
    facility = FacilityFactory()
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
    OpeningPeriodFactory(facility=facility, weekday=1, opens=time(10), closes=time(12))
    assert open_status(facility, at=at(MONDAY, 10)).closes_at == at(MONDAY, 17)
    assert open_status(facility, at=at(MONDAY, 18)).opens_at == at(date(2026, 12, 1), 10)


def test_several_periods_a_day_leave_a_lunch_break_closed():
    facility = FacilityFactory()
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(8), closes=time(11, 30))
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(13), closes=time(17))
    assert open_status(facility, at=at(MONDAY, 12)).state == OpenState.CLOSED
    assert open_status(facility, at=at(MONDAY, 14)).state == OpenState.OPEN
    assert [i.start.hour for i in hours_today(facility, at=at(MONDAY, 12))] == [8, 13]


def test_a_period_across_midnight_is_open_after_midnight_the_next_day():
    facility = FacilityFactory()
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(22), closes=time(2))
    assert open_status(facility, at=at(MONDAY, 23)).state == OpenState.OPEN
    tuesday = date(2026, 12, 1)
    assert open_status(facility, at=at(tuesday, 1, 30)).state == OpenState.OPEN
    assert open_status(facility, at=at(tuesday, 2)).state == OpenState.CLOSED
    assert open_status(facility, at=at(MONDAY, 1)).state == OpenState.CLOSED


def test_time_zone_is_asia_shanghai_whatever_zone_the_moment_is_given_in():
    facility = FacilityFactory()
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
    # 02:00 UTC on Monday is 10:00 in Shanghai: open.
    assert open_status(facility, at=at(MONDAY, 2, zone=ZoneInfo("UTC"))).state == OpenState.OPEN
    # 10:00 UTC on Monday is 18:00 in Shanghai: closed.
    assert open_status(facility, at=at(MONDAY, 10, zone=ZoneInfo("UTC"))).state == OpenState.CLOSED


def test_a_dated_closure_overrides_the_weekly_hours():
    facility = FacilityFactory()
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
    HoursExceptionFactory(facility=facility, date=MONDAY, is_closed=True)
    assert open_status(facility, at=at(MONDAY, 10)).state == OpenState.CLOSED


def test_special_hours_replace_the_weekly_hours_that_day():
    facility = FacilityFactory()
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
    HoursExceptionFactory(facility=facility, date=MONDAY, is_closed=False, opens=time(13), closes=time(15))
    assert open_status(facility, at=at(MONDAY, 10)).state == OpenState.CLOSED
    assert open_status(facility, at=at(MONDAY, 14)).state == OpenState.OPEN


def test_special_hours_make_a_facility_without_weekly_hours_known():
    facility = FacilityFactory()
    HoursExceptionFactory(facility=facility, date=MONDAY, is_closed=False, opens=time(9), closes=time(11))
    assert open_status(facility, at=at(MONDAY, 10)).state == OpenState.OPEN


def test_public_holiday_closes_a_facility_that_follows_the_calendar():
    facility = FacilityFactory(follows_public_holidays=True)
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
    PublicHolidayFactory(date=MONDAY, kind=CalendarDayKind.HOLIDAY)
    assert open_status(facility, at=at(MONDAY, 10)).state == OpenState.CLOSED


def test_public_holiday_does_not_close_a_facility_that_ignores_the_calendar():
    facility = FacilityFactory(follows_public_holidays=False)
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
    PublicHolidayFactory(date=MONDAY, kind=CalendarDayKind.HOLIDAY)
    assert open_status(facility, at=at(MONDAY, 10)).state == OpenState.OPEN


def test_make_up_working_day_opens_a_weekend_with_the_named_weekdays_hours():
    saturday = date(2026, 12, 5)
    facility = FacilityFactory(follows_public_holidays=True)
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
    assert open_status(facility, at=at(saturday, 10)).state == OpenState.CLOSED
    PublicHolidayFactory(date=saturday, kind=CalendarDayKind.WORKDAY, name="调休", works_as_weekday=0)
    assert open_status(facility, at=at(saturday, 10)).state == OpenState.OPEN


def test_an_exception_wins_over_the_holiday_calendar():
    facility = FacilityFactory(follows_public_holidays=True)
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
    PublicHolidayFactory(date=MONDAY, kind=CalendarDayKind.HOLIDAY)
    HoursExceptionFactory(facility=facility, date=MONDAY, is_closed=False, opens=time(10), closes=time(12))
    assert open_status(facility, at=at(MONDAY, 11)).state == OpenState.OPEN


def test_temporarily_closed_facility_is_never_open():
    facility = FacilityFactory(operation_status=OperationStatus.TEMPORARILY_CLOSED, closure_reason="装修")
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(0), closes=time(23, 59))
    assert open_status(facility, at=at(MONDAY, 10)).state == OpenState.CLOSED


def test_a_calendar_passed_in_is_used_instead_of_a_query(django_assert_num_queries):
    facility = FacilityFactory()
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
    facility = type(facility).objects.prefetch_related("opening_periods", "hours_exceptions").get(pk=facility.pk)
    with django_assert_num_queries(0):
        assert open_status(facility, at=at(MONDAY, 10), calendar=HolidayCalendar.empty()).is_open


# --- the official calendar, as loaded by seed_wanli / load_holidays ----------------------------------------


def weekday_office():
    """Open Monday to Friday 9:00–17:00, closed on public holidays (follows_public_holidays is the default)."""
    facility = FacilityFactory(follows_public_holidays=True)
    for weekday in range(5):
        OpeningPeriodFactory(facility=facility, weekday=weekday, opens=time(9), closes=time(17))
    return facility


def test_national_day_on_a_weekday_shows_as_closed_once_the_official_calendar_is_loaded():
    facility = weekday_office()
    thursday_1_october = at(date(2026, 10, 1), 10)
    assert open_status(facility, at=thursday_1_october).state == OpenState.OPEN  # the calendar is still empty
    load_official_holidays(years=[2026])
    assert open_status(facility, at=thursday_1_october).state == OpenState.CLOSED
    assert hours_today(facility, at=thursday_1_october) == []


def test_a_make_up_saturday_opens_like_a_weekday_once_the_official_calendar_is_loaded():
    facility = weekday_office()
    saturday_10_october = at(date(2026, 10, 10), 10)
    assert open_status(facility, at=saturday_10_october).state == OpenState.CLOSED
    load_official_holidays(years=[2026])
    assert open_status(facility, at=saturday_10_october).state == OpenState.OPEN


def test_weekly_runs_fold_consecutive_days_with_the_same_hours():
    facility = FacilityFactory()
    for weekday in range(5):
        OpeningPeriodFactory(facility=facility, weekday=weekday, opens=time(9), closes=time(12))
        OpeningPeriodFactory(facility=facility, weekday=weekday, opens=time(13), closes=time(17))
    OpeningPeriodFactory(facility=facility, weekday=6, opens=time(9), closes=time(12))
    runs = weekly_runs(list(facility.opening_periods.all()))
    assert [(run.first, run.last, len(run.periods)) for run in runs] == [(0, 4, 2), (6, 6, 1)]
    assert weekly_runs([]) == []


def test_weekly_hours_lines_name_the_days_and_times(chinese):
    facility = FacilityFactory()
    for weekday in range(7):
        OpeningPeriodFactory(facility=facility, weekday=weekday, opens=time(10, 30), closes=time(13, 30))
    assert weekly_hours_lines(facility) == ["星期一至星期日 10:30–13:30"]


def test_the_holiday_calendar_is_cached_until_the_calendar_changes(django_assert_num_queries):
    holiday = PublicHolidayFactory(date=MONDAY, kind=CalendarDayKind.HOLIDAY)
    assert MONDAY in HolidayCalendar.around(MONDAY).days
    with django_assert_num_queries(0):
        assert HolidayCalendar.around(MONDAY).days[MONDAY].kind == CalendarDayKind.HOLIDAY
    holiday.delete()  # a write of the calendar bumps its version
    assert MONDAY not in HolidayCalendar.around(MONDAY).days
