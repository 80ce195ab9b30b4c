"""The official calendar of public holidays and 调休 make-up working days, as published by the State Council
and packaged by `chinesecalendar` (PyPI; imported as chinese_calendar). Each new release adds the next
year once it is announced (usually in the autumn): upgrade the pin, then run `manage.py load_holidays`."""

from dataclasses import dataclass
from datetime import date

from chinese_calendar import constants

from .models import CalendarDayKind

# The package names holidays in English; the calendar in admin is in Chinese.
HOLIDAY_NAMES = {
    constants.Holiday.new_years_day.value: "元旦",
    constants.Holiday.spring_festival.value: "春节",
    constants.Holiday.tomb_sweeping_day.value: "清明节",
    constants.Holiday.labour_day.value: "劳动节",
    constants.Holiday.dragon_boat_festival.value: "端午节",
    constants.Holiday.national_day.value: "国庆节",
    constants.Holiday.mid_autumn_festival.value: "中秋节",
    constants.Holiday.anti_fascist_70th_day.value: "抗战胜利70周年纪念日",
}


@dataclass(frozen=True)
class OfficialDay:
    date: date
    kind: str
    name: str


def covered_years() -> list[int]:
    """Every year the installed package has the official calendar of."""
    return sorted({day.year for day in constants.holidays})


def official_days(years: list[int]) -> list[OfficialDay]:
    """The official days off, and the weekend days that are working days (调休上班), of `years`."""
    wanted = set(years)
    days = [
        OfficialDay(day, CalendarDayKind.HOLIDAY, HOLIDAY_NAMES.get(name, name))
        for day, name in constants.holidays.items()
        if day.year in wanted
    ]
    days += [
        OfficialDay(day, CalendarDayKind.WORKDAY, f"{HOLIDAY_NAMES.get(name, name)}调休")
        for day, name in constants.workdays.items()
        if day.year in wanted and day.weekday() >= 5
    ]
    return sorted(days, key=lambda official: official.date)
