"""Whether a facility is open, computed in Asia/Shanghai time from weekly hours, dated exceptions and the
shared holiday calendar.

Everything works on objects already in memory (prefetched periods and exceptions, a holiday map), so a
list page computes "open now" for every row without a query per row.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .content_version import CALENDAR, topic_versions
from .models import CalendarDayKind, HoursException, OpeningPeriod, OperationStatus, PublicHoliday, Weekday


class OpenState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"  # no hours have been published


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


@dataclass(frozen=True)
class OpenStatus:
    state: OpenState
    closes_at: datetime | None = None
    opens_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.state == OpenState.OPEN


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_now() -> datetime:
    return timezone.now().astimezone(local_zone())


# The version in the key makes a stale calendar unreachable; the timeout only bounds the old keys.
CALENDAR_TIMEOUT = 24 * 60 * 60


@dataclass(frozen=True)
class HolidayCalendar:
    """The dated entries of the shared calendar, keyed by date."""

    days: dict[date, PublicHoliday]

    @classmethod
    def around(cls, day: date, *, days_before: int = 1, days_after: int = 8) -> "HolidayCalendar":
        """The entries from `days_before` before `day` to `days_after` after it. Every page showing an
        open/closed status needs them: kept in the cache keyed by the "calendar" version, which every write
        of the calendar bumps (bulk writes too: load_official_holidays)."""
        versions = topic_versions([CALENDAR])
        key = f"wanli:holidays:{versions[0]}:{day.isoformat()}:{days_before}:{days_after}" if versions else None
        days = cache.get(key) if key else None
        if days is None:
            rows = PublicHoliday.objects.filter(
                date__range=(day - timedelta(days=days_before), day + timedelta(days=days_after))
            )
            days = {row.date: row for row in rows}
            if key:
                cache.set(key, days, timeout=CALENDAR_TIMEOUT)
        return cls(days)

    @classmethod
    def empty(cls) -> "HolidayCalendar":
        return cls({})


def _periods_for_weekday(periods: list[OpeningPeriod], weekday: int) -> list[OpeningPeriod]:
    return [p for p in periods if p.weekday == weekday]


def _as_interval(day: date, opens: time, closes: time, zone: ZoneInfo) -> Interval:
    start = datetime.combine(day, opens, tzinfo=zone)
    end_day = day if closes > opens else day + timedelta(days=1)
    end = datetime.combine(end_day, closes, tzinfo=zone)
    return Interval(start, end)


def intervals_on(
    *,
    day: date,
    periods: list[OpeningPeriod],
    exceptions: list[HoursException],
    calendar: HolidayCalendar,
    follows_public_holidays: bool,
) -> list[Interval]:
    """The opening intervals that start on `day` (an interval may end the next day)."""
    zone = local_zone()
    todays_exceptions = [e for e in exceptions if e.date == day]
    if todays_exceptions:
        if any(e.is_closed for e in todays_exceptions):
            return []
        return sorted((_as_interval(day, e.opens, e.closes, zone) for e in todays_exceptions), key=lambda i: i.start)
    weekday = day.weekday()
    calendar_day = calendar.days.get(day) if follows_public_holidays else None
    if calendar_day is not None:
        if calendar_day.kind == CalendarDayKind.HOLIDAY:
            return []
        weekday = calendar_day.works_as_weekday
    return sorted(
        (_as_interval(day, p.opens, p.closes, zone) for p in _periods_for_weekday(periods, weekday)),
        key=lambda i: i.start,
    )


def _facility_intervals(facility, day: date, calendar: HolidayCalendar) -> list[Interval]:
    return intervals_on(
        day=day,
        periods=list(facility.opening_periods.all()),
        exceptions=list(facility.hours_exceptions.all()),
        calendar=calendar,
        follows_public_holidays=facility.follows_public_holidays,
    )


def has_published_hours(facility) -> bool:
    return bool(list(facility.opening_periods.all())) or bool(list(facility.hours_exceptions.all()))


def open_status(facility, *, at: datetime | None = None, calendar: HolidayCalendar | None = None) -> OpenStatus:
    """Open, closed, or unknown (no hours published) at the moment `at` (default: now)."""
    moment = (at or timezone.now()).astimezone(local_zone())
    if facility.operation_status != OperationStatus.OPEN:
        return OpenStatus(OpenState.CLOSED)
    if not has_published_hours(facility):
        return OpenStatus(OpenState.UNKNOWN)
    today = moment.date()
    calendar = calendar if calendar is not None else HolidayCalendar.around(today)
    # Yesterday's intervals may run past midnight into today.
    for offset in (-1, 0):
        for interval in _facility_intervals(facility, today + timedelta(days=offset), calendar):
            if interval.contains(moment):
                return OpenStatus(OpenState.OPEN, closes_at=interval.end)
    return OpenStatus(OpenState.CLOSED, opens_at=next_opening(facility, after=moment, calendar=calendar))


def next_opening(facility, *, after: datetime, calendar: HolidayCalendar, horizon_days: int = 8) -> datetime | None:
    for offset in range(horizon_days):
        for interval in _facility_intervals(facility, after.date() + timedelta(days=offset), calendar):
            if interval.start > after:
                return interval.start
    return None


def hours_today(facility, *, at: datetime | None = None, calendar: HolidayCalendar | None = None) -> list[Interval]:
    moment = (at or timezone.now()).astimezone(local_zone())
    calendar = calendar if calendar is not None else HolidayCalendar.around(moment.date())
    return _facility_intervals(facility, moment.date(), calendar)


def next_change(facilities, *, at: datetime, calendar: HolidayCalendar) -> datetime | None:
    """The earliest moment after `at` at which any of `facilities` opens or closes: how long an
    "open now" answer stays true (used to bound cache lifetimes)."""
    changes: list[datetime] = []
    for facility in facilities:
        status = open_status(facility, at=at, calendar=calendar)
        moment = status.closes_at or status.opens_at
        if moment is not None:
            changes.append(moment)
    return min(changes) if changes else None


@dataclass(frozen=True)
class SpecialDay:
    """One date whose dated exceptions replace the weekly hours, as residents are told about it."""

    date: date
    is_closed: bool
    hours: list[tuple[time, time]]
    notes: list[str]


def special_days(facility, *, today: date, days: int = 7) -> list[SpecialDay]:
    """The facility's dated exceptions from `today` for `days` days, one entry per date with its notes
    (from the prefetched exceptions, no query)."""
    by_date: dict[date, list[HoursException]] = {}
    for exception in facility.hours_exceptions.all():
        if today <= exception.date < today + timedelta(days=days):
            by_date.setdefault(exception.date, []).append(exception)
    result = []
    for day, exceptions in sorted(by_date.items()):
        # As in the open-now computation: one "closed all day" row closes the date, whatever other rows say.
        is_closed = any(e.is_closed for e in exceptions)
        opened = [] if is_closed else sorted(exceptions, key=lambda e: e.opens)
        notes = list(dict.fromkeys(e.note for e in exceptions if e.note))  # each once, in order
        result.append(SpecialDay(day, is_closed=is_closed, hours=[(e.opens, e.closes) for e in opened], notes=notes))
    return result


def special_day_on(days: list[SpecialDay], day: date) -> SpecialDay | None:
    return next((special for special in days if special.date == day), None)


@dataclass(frozen=True)
class WeekdayRun:
    """Consecutive weekdays with the same opening periods ("星期一至星期五 9:00–17:00"), for short printouts."""

    first: int
    last: int
    periods: tuple[tuple[time, time], ...]


def weekly_runs(periods) -> list[WeekdayRun]:
    """The weekly hours folded into runs of consecutive days with identical periods (from prefetched rows)."""
    by_day: dict[int, tuple[tuple[time, time], ...]] = {}
    for weekday in range(7):
        by_day[weekday] = tuple(sorted((p.opens, p.closes) for p in periods if p.weekday == weekday))
    runs: list[WeekdayRun] = []
    for weekday in range(7):
        if not by_day[weekday]:
            continue
        if runs and runs[-1].last == weekday - 1 and runs[-1].periods == by_day[weekday]:
            runs[-1] = WeekdayRun(runs[-1].first, weekday, by_day[weekday])
        else:
            runs.append(WeekdayRun(weekday, weekday, by_day[weekday]))
    return runs


# --- The week at a glance (the door poster) -----------------------------------------------------------------

SHORT_WEEKDAY_NAMES = (
    gettext_lazy("周一"),
    gettext_lazy("周二"),
    gettext_lazy("周三"),
    gettext_lazy("周四"),
    gettext_lazy("周五"),
    gettext_lazy("周六"),
    gettext_lazy("周日"),
)


@dataclass(frozen=True)
class DayHours:
    weekday: int
    name: str
    short_name: str
    periods: list[OpeningPeriod]

    @property
    def is_closed(self) -> bool:
        return not self.periods


def weekly_hours(facility) -> list[DayHours]:
    """Monday to Sunday, each with its periods (from the prefetched `opening_periods`); a day without is closed."""
    periods = sorted(facility.opening_periods.all(), key=lambda p: (p.weekday, p.opens))
    return [
        DayHours(day, str(Weekday(day).label), str(SHORT_WEEKDAY_NAMES[day]), _periods_for_weekday(periods, day))
        for day in range(7)
    ]


def closed_days_text(week: list[DayHours]) -> str:
    """ "周六、周日休息" for a week with hours; empty when no day is closed or no hours are published at all."""
    closed = [day.short_name for day in week if day.is_closed]
    if not closed or len(closed) == len(week):
        return ""
    return _("%(days)s休息") % {"days": _("、").join(closed)}
