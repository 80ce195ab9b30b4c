"""Writes for the facilities directory. Views, admin and commands call these; they validate, then save."""

from dataclasses import dataclass
from datetime import date, time

from django.db import transaction
from django.db.models.functions import Now
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import holidays
from .content_version import CALENDAR, FACILITIES, bump_topics, facility_topic
from .models import (
    CalendarDaySource,
    Facility,
    FacilityPhoto,
    OpeningPeriod,
    PublicHoliday,
)


@transaction.atomic
def facilities_mark_verified(*, facility_ids: list[int], on: date) -> int:
    """Records that staff checked these facilities' information on `on`; returns how many were updated.

    One UPDATE for any number of rows, so no save signal: the pages showing them are refreshed here."""
    rows = Facility.objects.filter(pk__in=facility_ids)
    updated = rows.update(last_verified=on, updated_at=Now())
    if updated:
        bump_topics(FACILITIES, *(facility_topic(slug) for slug in rows.values_list("slug", flat=True)))
    return updated


@transaction.atomic
def facility_photo_add(*, facility: Facility, image, alt_text: str, caption: str, order: int = 0) -> FacilityPhoto:
    """Adds a photo: the upload is checked by its content (facilities.images), then stored re-encoded
    without EXIF/GPS, with its renditions."""
    photo = FacilityPhoto(facility=facility, image=image, alt_text=alt_text, caption=caption, order=order)
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def load_official_holidays(*, years: list[int] | None = None) -> dict[str, int]:
    """Loads the official holidays and 调休 working days of `years` (default: every year the package covers)
    into the shared calendar. Idempotent; a day staff entered or corrected (source 工作人员) is never
    overwritten. Raises ValueError for a year the package does not cover. Returns what it did."""
    covered = holidays.covered_years()
    years = covered if years is None else sorted(set(years))
    missing = [year for year in years if year not in covered]
    if missing:
        raise ValueError(
            f"chinesecalendar has no official calendar for {missing}; it covers {covered[0]}–{covered[-1]}"
        )
    counts = {"created": 0, "updated": 0, "unchanged": 0, "kept_staff": 0}
    official = holidays.official_days(years)
    existing = {row.date: row for row in PublicHoliday.objects.filter(date__in=[day.date for day in official])}
    new_rows, changed = [], []
    for day in official:
        row = existing.get(day.date)
        if row is None:
            new_rows.append(
                PublicHoliday(date=day.date, kind=day.kind, name=day.name, source=CalendarDaySource.OFFICIAL)
            )
        elif row.source == CalendarDaySource.STAFF:
            counts["kept_staff"] += 1
        elif (row.kind, row.name) == (day.kind, day.name):
            counts["unchanged"] += 1
        else:
            row.kind, row.name = day.kind, day.name
            changed.append(row)
    PublicHoliday.objects.bulk_create(new_rows)
    PublicHoliday.objects.bulk_update(changed, ["kind", "name"])
    counts["created"], counts["updated"] = len(new_rows), len(changed)
    if new_rows or changed:
        bump_topics(CALENDAR)  # bulk writes send no save signal; every open/closed status may change
    return counts


# --- Weekly hours: presets and copying one day to others --------------------------------------------------

WEEKDAYS = (0, 1, 2, 3, 4)
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)


@dataclass(frozen=True)
class HoursPreset:
    label: Promise
    weekdays: tuple[int, ...]
    periods: tuple[tuple[time, time], ...]


HOURS_PRESETS: dict[str, HoursPreset] = {
    "weekdays-0830-1700": HoursPreset(_("工作日 8:30–17:00"), WEEKDAYS, ((time(8, 30), time(17)),)),
    "weekdays-lunch-break": HoursPreset(
        _("工作日 8:30–11:30、13:30–17:00（午休）"),
        WEEKDAYS,
        ((time(8, 30), time(11, 30)), (time(13, 30), time(17))),
    ),
    "everyday-0830-1700": HoursPreset(_("每天 8:30–17:00"), EVERY_DAY, ((time(8, 30), time(17)),)),
    "everyday-0600-2000": HoursPreset(_("每天 6:00–20:00"), EVERY_DAY, ((time(6), time(20)),)),
}


def _replace_periods(facility: Facility, weekdays, periods) -> int:
    # Deleted and created one by one (not in bulk), so each change lands in the hours history.
    for period in OpeningPeriod.objects.filter(facility=facility, weekday__in=list(weekdays)):
        period.delete()
    created = 0
    for weekday in weekdays:
        for opens, closes in periods:
            period = OpeningPeriod(facility=facility, weekday=weekday, opens=opens, closes=closes)
            period.full_clean()
            period.save()
            created += 1
    return created


@transaction.atomic
def opening_hours_apply_preset(*, facility: Facility, preset: str) -> int:
    """Replaces the whole week's periods with the preset's; days the preset leaves out are closed.
    Returns how many periods were created."""
    chosen = HOURS_PRESETS[preset]
    for period in OpeningPeriod.objects.filter(facility=facility).exclude(weekday__in=chosen.weekdays):
        period.delete()
    return _replace_periods(facility, chosen.weekdays, chosen.periods)


@transaction.atomic
def opening_hours_copy_day(*, facility: Facility, from_weekday: int, to_weekdays: list[int]) -> int:
    """Gives each of `to_weekdays` exactly the periods of `from_weekday` (a day without periods copies as closed).
    Returns how many periods were created."""
    source = [
        (p.opens, p.closes)
        for p in OpeningPeriod.objects.filter(facility=facility, weekday=from_weekday).order_by("opens")
    ]
    return _replace_periods(facility, [day for day in to_weekdays if day != from_weekday], source)
