"""'Open now' for one request, answered by the database.

The weekly hours are stored as intervals in minutes of the week (facilities/models/intervals.py), so "open at this
moment" is an indexed subquery. What the weekly hours do not say is applied on top, once per request:

- the shared holiday calendar (a holiday closes the day; a 调休 make-up day is worked as another weekday) for
  the facilities that follow it: it only changes which weekday's intervals count for today and yesterday;
- the dated exceptions of today and yesterday (yesterday's may run past midnight): the few facilities that
  have one are fetched once and decided by the Python rules of hours.py, and the query takes their answer.

The same object then gives each row of the page its status (`status_of`), with the same calendar and moment:
the answer of the filter and the badge on the row are never computed apart.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Prefetch, Q

from .hours import HolidayCalendar, OpenStatus, local_now, local_zone, open_status
from .models import CalendarDayKind, Facility, HoursException, OperationStatus
from .models.intervals import MINUTES_PER_DAY, OpeningInterval


@dataclass
class OpenNow:
    """The moment, the holiday calendar around it and today's exceptional facilities, each read once."""

    moment: datetime
    calendar: HolidayCalendar
    _exceptional: dict[int, bool] | None = field(default=None, repr=False)

    @classmethod
    def at(cls, moment: datetime | None = None, *, calendar: HolidayCalendar | None = None) -> "OpenNow":
        moment = (moment or local_now()).astimezone(local_zone())
        return cls(moment, calendar if calendar is not None else HolidayCalendar.around(moment.date()))

    @property
    def today(self) -> date:
        return self.moment.date()

    def status_of(self, facility) -> OpenStatus:
        """The row's status, with its prefetched periods and exceptions (no query)."""
        return open_status(facility, at=self.moment, calendar=self.calendar)

    def exceptional(self) -> dict[int, bool]:
        """{facility id: open now?} for the facilities with a dated exception today or yesterday (two queries,
        once per request; such days are few, so are the rows)."""
        if self._exceptional is None:
            days = [self.today - timedelta(days=1), self.today]
            facilities = (
                Facility.all_objects.filter(pk__in=HoursException.objects.filter(date__in=days).values("facility_id"))
                .only("pk", "operation_status", "follows_public_holidays")
                .prefetch_related(
                    "opening_periods",
                    Prefetch("hours_exceptions", queryset=HoursException.objects.filter(date__in=days)),
                )
            )
            self._exceptional = {facility.pk: self.status_of(facility).is_open for facility in facilities}
        return self._exceptional

    def _worked_weekday(self, day: date, *, follows_public_holidays: bool) -> int | None:
        """Whose weekly hours `day` follows: its own weekday, another on a 调休 day, none on a holiday."""
        entry = self.calendar.days.get(day) if follows_public_holidays else None
        if entry is None:
            return day.weekday()
        return None if entry.kind == CalendarDayKind.HOLIDAY else entry.works_as_weekday

    def _weekly_open(self, *, follows_public_holidays: bool) -> Q:
        """Facilities with a weekly interval containing the moment, as the day's calendar has it."""
        minute = self.moment.hour * 60 + self.moment.minute
        today = self._worked_weekday(self.today, follows_public_holidays=follows_public_holidays)
        yesterday = self._worked_weekday(
            self.today - timedelta(days=1), follows_public_holidays=follows_public_holidays
        )
        pieces = Q(pk__in=[])
        if today is not None:
            at = today * MINUTES_PER_DAY + minute
            pieces |= Q(weekday=today, continues_from_previous_day=False, start_minute__lte=at, end_minute__gt=at)
        if yesterday is not None:
            # The after-midnight part of yesterday's periods sits at the start of the next weekday.
            at = (yesterday + 1) % 7 * MINUTES_PER_DAY + minute
            pieces |= Q(weekday=yesterday, continues_from_previous_day=True, start_minute__lte=at, end_minute__gt=at)
        return Q(pk__in=OpeningInterval.objects.filter(pieces).values("facility_id"))

    def q(self) -> Q:
        """A filter for Facility querysets: open at the moment."""
        exceptional = self.exceptional()
        with_calendar = self._weekly_open(follows_public_holidays=True)
        without = self._weekly_open(follows_public_holidays=False)
        days = {self.today, self.today - timedelta(days=1)}
        if days & set(self.calendar.days):
            weekly = Q(follows_public_holidays=True) & with_calendar | Q(follows_public_holidays=False) & without
        else:
            weekly = without
        by_weekly_hours = Q(operation_status=OperationStatus.OPEN) & weekly & ~Q(pk__in=list(exceptional))
        return by_weekly_hours | Q(pk__in=[pk for pk, is_open in exceptional.items() if is_open])
