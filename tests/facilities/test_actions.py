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
        CalendarDayKind.HOLIDAY, "国庆节", CalendarDaySource.OFFICIAL,
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
    PublicHoliday.objects.create(date=date(2026, 10, 1), kind=CalendarDayKind.WORKDAY, name="旧名", source=CalendarDaySource.OFFICIAL)
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
