"""The dashboard's activities section: the portal's own yearly 活动场次 and 参与人次, shown beside the figures
staff entered on the report card, with attendance by month and by place.

The staff-entered figures (the source's 700余场 and 近30万人次, running totals since the centre opened) are only
read here, never written: the portal's counts cover what was recorded on the portal, the report card keeps what
staff entered, and the two sit side by side.
"""

from dataclasses import dataclass

from activities.figures import AttendanceFigures, attendance_figures

from .models import MetricValue

# The staff-entered report figures each portal count is shown beside (seeded from the source, reports/seed.py).
ACTIVITIES_HELD_METRIC = "new-employment-centre-activities"
PARTICIPANTS_METRIC = "new-employment-centre-visits"


@dataclass(frozen=True)
class ActivityReport:
    year: int
    figures: AttendanceFigures
    entered_activities: MetricValue | None
    entered_participants: MetricValue | None


def _entered(year: int) -> dict[str, MetricValue]:
    """The latest value up to `year` of each paired metric (a running total stays true in later years)."""
    found: dict[str, MetricValue] = {}
    rows = MetricValue.objects.with_metric().filter(
        metric__code__in=[ACTIVITIES_HELD_METRIC, PARTICIPANTS_METRIC], year__lte=year
    )
    for value in rows.order_by("-year"):
        found.setdefault(value.metric.code, value)
    return found


def activity_report(*, year: int) -> ActivityReport:
    """Two queries: the year's activities with their counts, and the paired staff-entered figures."""
    entered = _entered(year)
    return ActivityReport(
        year=year,
        figures=attendance_figures(year=year),
        entered_activities=entered.get(ACTIVITIES_HELD_METRIC),
        entered_participants=entered.get(PARTICIPANTS_METRIC),
    )
