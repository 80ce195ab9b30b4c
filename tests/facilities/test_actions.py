"""Writes: actions that update without a save signal bump the content version themselves."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from facilities.actions import facilities_mark_verified, load_official_holidays
from facilities.content_version import content_version
from facilities.holidays import covered_years
from facilities.models import CalendarDayKind, CalendarDaySource, PublicHoliday
from tests.facilities.factories import FacilityFactory

pytestmark = pytest.mark.django_db


def test_mark_verified_updates_rows_and_bumps_the_version():
    first, second, other = FacilityFactory(), FacilityFactory(), FacilityFactory()
    before = content_version()
    assert facilities_mark_verified(facility_ids=[first.pk, second.pk], on=date(2024, 5, 6)) == 2
    assert content_version() > before
    first.refresh_from_db()
    other.refresh_from_db()
    assert first.last_verified == date(2024, 5, 6)
    assert other.last_verified is None


def test_mark_verified_with_nothing_to_update_leaves_the_version():
    before = content_version()
    assert facilities_mark_verified(facility_ids=[], on=date(2024, 5, 6)) == 0
    assert content_version() == before


# --- the official holiday calendar ------------------------------------------------------------------------


def test_load_official_holidays_fills_the_calendar_for_every_covered_year():
    counts = load_official_holidays()
    assert counts["created"] == PublicHoliday.objects.count() > 0
    assert {day.year for day in PublicHoliday.objects.dates("date", "year")} == set(covered_years())
    national_day = PublicHoliday.objects.get(date=date(2026, 10, 1))
    assert (national_day.kind, national_day.name, national_day.source) == (
        CalendarDayKind.HOLIDAY,
        "国庆节",
        CalendarDaySource.OFFICIAL,
    )
    assert PublicHoliday.objects.get(date=date(2026, 10, 10)).kind == CalendarDayKind.WORKDAY


def test_load_official_holidays_again_changes_nothing():
    load_official_holidays(years=[2026])
    before = PublicHoliday.objects.count()
    counts = load_official_holidays(years=[2026])
    assert counts["created"] == counts["updated"] == 0
    assert counts["unchanged"] == before == PublicHoliday.objects.count()


def test_load_official_holidays_never_overwrites_a_day_staff_corrected():
    # Staff decided 1 October 2026 is recorded as a working day (say, the office was told so) and named it.
    PublicHoliday.objects.create(date=date(2026, 10, 1), kind=CalendarDayKind.WORKDAY, name="街道值班日")
    counts = load_official_holidays(years=[2026])
    day = PublicHoliday.objects.get(date=date(2026, 10, 1))
    assert (day.kind, day.name, day.source) == (CalendarDayKind.WORKDAY, "街道值班日", CalendarDaySource.STAFF)
    assert counts["kept_staff"] == 1


def test_load_official_holidays_corrects_an_official_day_that_was_changed():
    PublicHoliday.objects.create(
        date=date(2026, 10, 1), kind=CalendarDayKind.WORKDAY, name="旧名", source=CalendarDaySource.OFFICIAL
    )
    assert load_official_holidays(years=[2026])["updated"] == 1
    assert PublicHoliday.objects.get(date=date(2026, 10, 1)).kind == CalendarDayKind.HOLIDAY


def test_load_official_holidays_refuses_a_year_the_package_does_not_cover():
    with pytest.raises(ValueError, match="2099"):
        load_official_holidays(years=[2026, 2099])
    assert not PublicHoliday.objects.exists()


def test_load_holidays_command(capsys):
    from facilities.models import PublicHoliday

    call_command("load_holidays", "2025", "2026")
    assert {day.year for day in PublicHoliday.objects.dates("date", "year")} == {2025, 2026}
    assert "created" in capsys.readouterr().out
    with pytest.raises(CommandError, match="2099"):
        call_command("load_holidays", "2099")


def week(facility) -> dict[int, list[str]]:
    from facilities.models import OpeningPeriod

    days: dict[int, list[str]] = {}
    for period in OpeningPeriod.objects.filter(facility=facility).order_by("weekday", "opens"):
        days.setdefault(period.weekday, []).append(f"{period.opens:%H:%M}–{period.closes:%H:%M}")
    return days


class TestHoursPresetsAndCopy:
    def test_a_weekday_preset_replaces_the_whole_week(self):
        from datetime import time

        from facilities.actions import opening_hours_apply_preset
        from tests.facilities.factories import OpeningPeriodFactory

        facility = FacilityFactory()
        OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(12))
        OpeningPeriodFactory(facility=facility, weekday=6, opens=time(10), closes=time(16))
        assert opening_hours_apply_preset(facility=facility, preset="weekdays-0830-1700") == 5
        assert week(facility) == {day: ["08:30–17:00"] for day in range(5)}

    def test_a_preset_with_a_lunch_break_gives_two_periods_a_day(self):
        from facilities.actions import opening_hours_apply_preset

        facility = FacilityFactory()
        opening_hours_apply_preset(facility=facility, preset="weekdays-lunch-break")
        assert week(facility) == {day: ["08:30–11:30", "13:30–17:00"] for day in range(5)}

    def test_every_day_preset(self):
        from facilities.actions import HOURS_PRESETS, opening_hours_apply_preset

        facility = FacilityFactory()
        opening_hours_apply_preset(facility=facility, preset="everyday-0830-1700")
        assert week(facility) == {day: ["08:30–17:00"] for day in range(7)}
        assert str(HOURS_PRESETS["everyday-0830-1700"].label) == "每天 8:30–17:00"

    def test_copying_a_day_replaces_the_chosen_days_only(self):
        from datetime import time

        from facilities.actions import opening_hours_copy_day
        from tests.facilities.factories import OpeningPeriodFactory

        facility = FacilityFactory()
        OpeningPeriodFactory(facility=facility, weekday=0, opens=time(8, 30), closes=time(11, 30))
        OpeningPeriodFactory(facility=facility, weekday=0, opens=time(13, 30), closes=time(17))
        OpeningPeriodFactory(facility=facility, weekday=1, opens=time(9), closes=time(10))
        OpeningPeriodFactory(facility=facility, weekday=5, opens=time(9), closes=time(12))
        assert opening_hours_copy_day(facility=facility, from_weekday=0, to_weekdays=[0, 1, 2]) == 4
        assert week(facility) == {
            0: ["08:30–11:30", "13:30–17:00"],
            1: ["08:30–11:30", "13:30–17:00"],
            2: ["08:30–11:30", "13:30–17:00"],
            5: ["09:00–12:00"],
        }

    def test_copied_hours_are_in_the_hours_history(self):
        from datetime import time

        from facilities.actions import opening_hours_copy_day
        from facilities.models import OpeningPeriod
        from tests.facilities.factories import OpeningPeriodFactory

        facility = FacilityFactory()
        OpeningPeriodFactory(facility=facility, weekday=0, opens=time(8, 30), closes=time(17))
        before = OpeningPeriod.history.count()
        opening_hours_copy_day(facility=facility, from_weekday=0, to_weekdays=[3])
        assert OpeningPeriod.history.count() == before + 1
