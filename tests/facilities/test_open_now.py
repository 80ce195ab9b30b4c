"""The database's "open now" (stored intervals + the request's calendar and exceptions) against the Python rules
of hours.py, over random weeks, exceptions, holidays, 调休 days and moments (a seeded loop: hypothesis is not a
dependency of the project)."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from facilities.hours import open_status
from facilities.models import CalendarDayKind, Facility, HoursException, OpeningPeriod, OperationStatus, PublicHoliday
from facilities.open_now import OpenNow
from tests.facilities.factories import FacilityFactory, HoursExceptionFactory, OpeningPeriodFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
EXAMPLES = 60
FACILITIES_PER_EXAMPLE = 4


def random_time(rng: random.Random) -> time:
    # Whole minutes (what the admin's time fields are filled with), with the day's edges often picked.
    return rng.choice([time(0), time(23, 59), time(rng.randrange(24), rng.randrange(0, 60, 15)), time(12)])


def random_period_times(rng: random.Random) -> tuple[time, time]:
    while True:
        opens, closes = random_time(rng), random_time(rng)
        if opens != closes:  # closes < opens: runs past midnight
            return opens, closes


def make_facility(rng: random.Random, moment: datetime) -> Facility:
    facility = FacilityFactory(
        follows_public_holidays=rng.random() < 0.7,
        operation_status=OperationStatus.OPEN if rng.random() < 0.9 else OperationStatus.ENDED,
    )
    periods = []
    for _ in range(rng.randrange(0, 6)):
        opens, closes = random_period_times(rng)
        periods.append(OpeningPeriod(facility=facility, weekday=rng.randrange(7), opens=opens, closes=closes))
    if rng.random() < 0.5:
        OpeningPeriod.objects.bulk_create(periods)
    else:
        for period in periods:
            period.save()
    for _ in range(rng.choice([0, 0, 1, 2])):
        day = moment.date() + timedelta(days=rng.choice([-2, -1, -1, 0, 0, 1]))
        if rng.random() < 0.4:
            HoursExceptionFactory(facility=facility, date=day, is_closed=True)
        else:
            opens, closes = random_period_times(rng)
            HoursExceptionFactory(facility=facility, date=day, is_closed=False, opens=opens, closes=closes)
    return facility


def set_random_calendar(rng: random.Random, today: date) -> None:
    PublicHoliday.objects.all().delete()
    for day in (today - timedelta(days=1), today):
        roll = rng.random()
        if roll < 0.3:
            PublicHoliday.objects.create(date=day, kind=CalendarDayKind.HOLIDAY, name="假日")
        elif roll < 0.6:
            PublicHoliday.objects.create(
                date=day, kind=CalendarDayKind.WORKDAY, name="调休", works_as_weekday=rng.randrange(7)
            )


def python_answer(ids: list[int], moment: datetime) -> set[int]:
    rows = Facility.objects.filter(pk__in=ids).prefetch_related("opening_periods", "hours_exceptions")
    return {facility.pk for facility in rows if open_status(facility, at=moment).is_open}


def database_answer(ids: list[int], moment: datetime) -> set[int]:
    return set(Facility.objects.filter(pk__in=ids).filter(OpenNow.at(moment).q()).values_list("pk", flat=True))


def test_the_database_answers_open_now_as_the_python_rules_do():
    rng = random.Random(20261204)
    for example in range(EXAMPLES):
        moment = datetime(2026, 1, 1, tzinfo=SHANGHAI) + timedelta(
            days=rng.randrange(365), minutes=rng.randrange(24 * 60), seconds=rng.randrange(60)
        )
        set_random_calendar(rng, moment.date())
        ids = [make_facility(rng, moment).pk for _ in range(FACILITIES_PER_EXAMPLE)]
        # Several moments of the same day: the edges of the periods and random minutes.
        moments = [moment, moment.replace(hour=0, minute=0, second=0), moment.replace(minute=0, second=0)]
        for at in moments:
            assert database_answer(ids, at) == python_answer(ids, at), f"example {example} at {at:%a %Y-%m-%d %H:%M}"


def test_a_period_past_midnight_counts_for_the_early_hours_of_the_next_day_even_when_that_day_is_a_holiday():
    facility = FacilityFactory(follows_public_holidays=True)
    OpeningPeriodFactory(facility=facility, weekday=6, opens=time(22), closes=time(2))  # Sunday night
    monday = date(2026, 11, 30)
    PublicHoliday.objects.create(date=monday, kind=CalendarDayKind.HOLIDAY, name="假日")
    at_one = datetime.combine(monday, time(1), tzinfo=SHANGHAI)
    assert database_answer([facility.pk], at_one) == {facility.pk}
    assert database_answer([facility.pk], at_one + timedelta(hours=1)) == set()


def test_a_make_up_saturday_worked_as_monday_opens_with_mondays_hours():
    facility = FacilityFactory(follows_public_holidays=True)
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
    saturday = date(2026, 12, 5)
    at_ten = datetime.combine(saturday, time(10), tzinfo=SHANGHAI)
    assert database_answer([facility.pk], at_ten) == set()
    PublicHoliday.objects.create(date=saturday, kind=CalendarDayKind.WORKDAY, name="调休", works_as_weekday=0)
    assert database_answer([facility.pk], at_ten) == {facility.pk}


def test_todays_exceptional_facilities_are_read_once_per_request(django_assert_num_queries):
    monday = datetime(2026, 11, 30, 10, tzinfo=SHANGHAI)
    for _ in range(3):
        HoursExceptionFactory(facility=FacilityFactory(), date=monday.date(), is_closed=True)
    now = OpenNow.at(monday)  # the calendar: one query
    with django_assert_num_queries(3):  # the exceptional facilities, their periods, their exceptions
        now.exceptional()
        now.q()
        now.q()


def test_a_place_with_only_special_hours_today_is_open_during_them():
    facility = FacilityFactory()
    HoursException.objects.create(facility=facility, date=date(2026, 11, 30), opens=time(9), closes=time(10))
    assert database_answer([facility.pk], datetime(2026, 11, 30, 9, 30, tzinfo=SHANGHAI)) == {facility.pk}
    assert database_answer([facility.pk], datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI)) == set()
