"""Attendance figures for the managers' dashboard: activities held, sign-ups, attendance and the no-show rate
of one year, by month and by place, and the year's 活动场次 and 参与人次 as the portal counts them.

Counted from what happened on the portal: published activities that have started, demo data left out,
people (a party of three is three), walk-ins included in 参与人次. One query whatever the number of rows.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from .models import Activity
from .staff_queries import with_attendance


@dataclass
class AttendanceLine:
    """The figures of one month, one place, or the whole year."""

    held: int = 0
    signed_up: int = 0
    attended: int = 0
    no_show: int = 0
    walk_ins: int = 0

    def add(self, activity: Activity) -> None:
        self.held += 1
        self.signed_up += activity.places_taken
        self.attended += activity.attended_people
        self.no_show += activity.no_show_people
        self.walk_ins += activity.walk_in_people

    @property
    def participants(self) -> int:
        """参与人次: checked-in people and walk-ins."""
        return self.attended + self.walk_ins

    @property
    def unmarked(self) -> int:
        """People holding places neither checked in nor marked 未到场 yet (the activity may still be on)."""
        return self.signed_up - self.attended - self.no_show

    @property
    def no_show_rate(self) -> Decimal | None:
        """未到场率 in %, of the places whose attendance is known (checked in or marked no-show)."""
        known = self.attended + self.no_show
        if not known:
            return None
        return (Decimal(100) * self.no_show / known).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class MonthLine(AttendanceLine):
    month: date | None = None


@dataclass
class PlaceLine(AttendanceLine):
    facility: object = None


@dataclass
class AttendanceFigures:
    year: int
    total: AttendanceLine = field(default_factory=AttendanceLine)
    by_month: list[MonthLine] = field(default_factory=list)
    by_place: list[PlaceLine] = field(default_factory=list)

    @property
    def activities_held(self) -> int:
        """活动场次"""
        return self.total.held

    @property
    def participants(self) -> int:
        """参与人次"""
        return self.total.participants


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()  # Asia/Shanghai: a year runs from its midnight, not UTC's
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def held_activities(*, year: int):
    """Published, non-demo activities that started in `year` (Asia/Shanghai) and have started by now."""
    start, end = _year_bounds(year)
    return (
        Activity.objects.published()
        .real()
        .filter(starts_at__gte=start, starts_at__lt=end, starts_at__lte=timezone.now())
    )


def attendance_figures(*, year: int) -> AttendanceFigures:
    figures = AttendanceFigures(year=year)
    months = {m: MonthLine(month=date(year, m, 1)) for m in range(1, 13)}
    places: dict[int, PlaceLine] = {}
    for activity in with_attendance(held_activities(year=year).select_related("facility")):
        figures.total.add(activity)
        months[timezone.localtime(activity.starts_at).month].add(activity)
        places.setdefault(activity.facility_id, PlaceLine(facility=activity.facility)).add(activity)
    figures.by_month = [line for line in months.values() if line.held]
    figures.by_place = sorted(places.values(), key=lambda line: (-line.held, line.facility.name))
    return figures


def years_with_activities() -> list[int]:
    """Years in which a published, non-demo activity was held, newest first."""
    started = Activity.objects.published().real().filter(starts_at__lte=timezone.now())
    return sorted({moment.year for moment in started.datetimes("starts_at", "year")}, reverse=True)
