import pytest

from facilities.models import Facility, FacilityKind
from facilities.seed import FACILITIES, KINDS, seed_facilities

pytestmark = pytest.mark.django_db


def test_seed_loads_every_facility_and_kind():
    seed_facilities()
    assert Facility.objects.count() == len(FACILITIES)
    assert FacilityKind.objects.count() == len(KINDS)


def test_seed_is_idempotent():
    seed_facilities()
    assert seed_facilities() == {"kinds": 0, "facilities": 0}
    assert Facility.objects.count() == len(FACILITIES)


def test_seed_never_overwrites_what_staff_corrected():
    seed_facilities()
    Facility.objects.filter(slug="wanli-gongyuan").update(phone="021-00000000")
    seed_facilities()
    assert Facility.objects.get(slug="wanli-gongyuan").phone == "021-00000000"


def test_seed_invents_no_addresses_phones_hours_or_coordinates():
    seed_facilities()
    for facility in Facility.objects.all():
        assert facility.address == "" and facility.phone == ""
        assert facility.latitude is None and facility.longitude is None
        assert not facility.location_verified
        assert not facility.opening_periods.exists()


def test_seed_keeps_the_figures_of_the_source():
    seed_facilities()
    home = Facility.objects.get(slug="wanyouyinli-chengshi-jianshezhe-guanlizhe-zhi-jia")
    assert (home.capacity, home.capacity_unit) == (152, "张床位")
    assert {c.kind.slug for c in home.children.all()} == {"canteen", "baby-house", "elderly-care"}
    centre = Facility.objects.get(slug="wanyouyinli-xinjiuye-dangqun-fuwu-zhongxin")
    assert "20余项" in centre.summary


def test_seed_command_runs_twice(capsys):
    from django.core.management import call_command

    call_command("seed_wanli")
    call_command("seed_wanli")
    assert Facility.objects.count() == len(FACILITIES)


def test_generate_demo_flags_its_rows_and_keeps_them_apart(capsys):
    from django.core.management import call_command

    seed_facilities()
    call_command("generate_demo", facilities=30)
    call_command("generate_demo", facilities=30)
    assert Facility.objects.filter(is_demo=True).count() == 30
    assert Facility.objects.real().count() == len(FACILITIES)


def test_generate_demo_refuses_a_silly_count():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("generate_demo", facilities=-1)


def test_seed_wanli_loads_the_official_holiday_calendar_and_keeps_staff_corrections(capsys):
    from datetime import date

    from django.core.management import call_command

    from facilities.holidays import covered_years
    from facilities.models import CalendarDayKind, PublicHoliday

    call_command("seed_wanli")
    assert {day.year for day in PublicHoliday.objects.dates("date", "year")} == set(covered_years())
    assert PublicHoliday.objects.get(date=date(2026, 10, 1)).kind == CalendarDayKind.HOLIDAY
    PublicHoliday.objects.filter(date=date(2026, 10, 1)).delete()
    PublicHoliday.objects.create(date=date(2026, 10, 1), kind=CalendarDayKind.WORKDAY, name="工作人员更正")
    call_command("seed_wanli")
    assert PublicHoliday.objects.get(date=date(2026, 10, 1)).name == "工作人员更正"
