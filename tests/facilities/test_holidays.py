"""The official calendar (facilities/holidays.py): what chinesecalendar gives, in the shape of the shared calendar.
The years pinned here are ones the installed package covers (2004–2026 in 1.11.0)."""

from datetime import date

from facilities.holidays import covered_years, official_days
from facilities.models import CalendarDayKind


def test_the_package_covers_the_years_the_tests_pin():
    years = covered_years()
    assert {2024, 2025, 2026} <= set(years)
    assert years == sorted(years)


def test_national_day_2026_is_a_day_off_with_its_chinese_name():
    days = {day.date: day for day in official_days([2026])}
    assert days[date(2026, 10, 1)].kind == CalendarDayKind.HOLIDAY
    assert days[date(2026, 10, 1)].name == "国庆节"
    assert days[date(2026, 2, 17)].name == "春节"


def test_make_up_working_days_are_the_weekend_days_listed_as_working_days():
    days = {day.date: day for day in official_days([2026])}
    # Saturday 10 October 2026 is worked for the National Day break.
    assert days[date(2026, 10, 10)].kind == CalendarDayKind.WORKDAY
    assert days[date(2026, 10, 10)].name == "国庆节调休"
    workdays = [day for day in days.values() if day.kind == CalendarDayKind.WORKDAY]
    assert workdays and all(day.date.weekday() >= 5 for day in workdays)
    # An ordinary Monday is neither a holiday nor a make-up day.
    assert date(2026, 11, 30) not in days


def test_only_the_years_asked_for():
    assert {day.date.year for day in official_days([2025])} == {2025}
    assert official_days([]) == []
