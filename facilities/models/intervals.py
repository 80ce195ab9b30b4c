"""The weekly opening hours stored again as intervals in minutes of the week (Monday 00:00 = 0), so that
"open now" is one indexed query whatever the size of the table (facilities/open_now.py).

They are derived data: the weekly `OpeningPeriod` rows stay the truth that staff edit. Every write of a period
keeps them right: single saves and deletes (admin inlines, presets, approved revisions, import) through the
signals connected in facilities/apps.py, and the bulk writes (`bulk_create`, `bulk_update`, `update()`)
through `OpeningPeriodQuerySet`. `rebuild_opening_intervals()` recomputes any set of facilities at once.
"""

from collections.abc import Iterable
from datetime import time

from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY


def minute_of_day(moment: time) -> int:
    """Whole minutes since midnight, rounded up: a period given to the second starts (or ends) at the next minute."""
    return min(MINUTES_PER_DAY, moment.hour * 60 + moment.minute + (1 if moment.second or moment.microsecond else 0))


def split_period(weekday: int, opens: time, closes: time) -> list[tuple[int, int, int, bool]]:
    """One weekly period as (weekday, start minute, end minute, continues from the previous day) pieces.

    A period that crosses midnight (closes earlier than it opens, as in hours.py) is split in two: the part on
    its own day and the part in the early hours of the next day (Sunday's goes to Monday morning). The second
    part is marked, because on a holiday or a 调休 day "yesterday" may be worked as another weekday.
    """
    day_start = weekday * MINUTES_PER_DAY
    start, end = minute_of_day(opens), minute_of_day(closes)
    pieces = []
    if closes > opens:
        pieces.append((weekday, day_start + start, day_start + end, False))
    else:
        pieces.append((weekday, day_start + start, day_start + MINUTES_PER_DAY, False))
        next_day_start = (weekday + 1) % 7 * MINUTES_PER_DAY
        pieces.append((weekday, next_day_start, next_day_start + end, True))
    return [piece for piece in pieces if piece[1] < piece[2]]


class OpeningInterval(models.Model):
    """One piece of a weekly opening period in minutes of the week; rebuilt automatically, never edited."""

    facility = models.ForeignKey(
        "facilities.Facility",
        verbose_name=_("设施"),
        on_delete=models.CASCADE,
        related_name="opening_intervals",
        help_text=_("这段开放时间属于哪个设施。"),
    )
    weekday = models.PositiveSmallIntegerField(_("星期"), help_text=_("开放时段开始的那一天（0 为星期一）。"))
    start_minute = models.PositiveIntegerField(_("开始（周内分钟）"), help_text=_("从星期一 0:00 起算的分钟数。"))
    end_minute = models.PositiveIntegerField(_("结束（周内分钟）"), help_text=_("不含该分钟。"))
    continues_from_previous_day = models.BooleanField(
        _("跨午夜的后半段"), default=False, help_text=_("前一天开始、跨过午夜后的部分。")
    )

    class Meta:
        verbose_name = _("每周开放区间")
        verbose_name_plural = _("每周开放区间")
        indexes = [
            # "Open now": the pieces of one (effective) weekday containing a minute, then their facilities.
            models.Index(
                fields=["weekday", "continues_from_previous_day", "start_minute", "end_minute", "facility"],
                name="opening_interval_lookup_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__gte=0, weekday__lte=6), name="opening_interval_weekday_valid"),
            models.CheckConstraint(
                condition=Q(start_minute__lt=F("end_minute"), end_minute__lte=MINUTES_PER_WEEK),
                name="opening_interval_in_week",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.start_minute}–{self.end_minute}"


def intervals_of(periods: Iterable[tuple[int, int, time, time]]) -> list[OpeningInterval]:
    """Unsaved intervals for (facility id, weekday, opens, closes) rows."""
    return [
        OpeningInterval(
            facility_id=facility_id,
            weekday=day,
            start_minute=start,
            end_minute=end,
            continues_from_previous_day=continues,
        )
        for facility_id, weekday, opens, closes in periods
        for day, start, end, continues in split_period(weekday, opens, closes)
    ]


@transaction.atomic
def rebuild_opening_intervals(facility_ids: Iterable[int] | None = None) -> int:
    """Recomputes the stored intervals of `facility_ids` (every facility when None) from their weekly periods,
    in three queries whatever their number. Returns how many intervals there are now."""
    from .opening_hours import OpeningPeriod  # the period model imports this module's queryset

    periods = OpeningPeriod.objects.order_by()
    intervals = OpeningInterval.objects.all()
    if facility_ids is not None:
        facility_ids = list(set(facility_ids))
        periods, intervals = (
            periods.filter(facility_id__in=facility_ids),
            intervals.filter(facility_id__in=facility_ids),
        )
    intervals.delete()
    rows = intervals_of(periods.values_list("facility_id", "weekday", "opens", "closes"))
    OpeningInterval.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


class OpeningPeriodQuerySet(models.QuerySet):
    """Keeps the stored intervals right on the period writes that send no signal."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            rebuild_opening_intervals(obj.facility_id for obj in objs)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db):
            # The owners before and after: a period may have been moved to another facility.
            before = self.model._base_manager.filter(pk__in=[obj.pk for obj in objs]).values_list("facility_id")
            facility_ids = {obj.facility_id for obj in objs} | {row[0] for row in before}
            updated = super().bulk_update(objs, fields, *args, **kwargs)
            rebuild_opening_intervals(facility_ids)
        return updated

    def update(self, **kwargs):
        with transaction.atomic(using=self.db):
            facility_ids = set(self.values_list("facility_id", flat=True))
            updated = super().update(**kwargs)
            moved_to = kwargs.get("facility_id", kwargs.get("facility"))
            if moved_to is not None:
                facility_ids.add(getattr(moved_to, "pk", moved_to))
            rebuild_opening_intervals(facility_ids)
        return updated

    bulk_create.alters_data = True
    bulk_update.alters_data = True
    update.alters_data = True


# Signal receivers (connected in facilities/apps.py) for the writes of one period at a time.


def period_loaded(sender, instance, **kwargs) -> None:
    # Read from __dict__: a deferred facility_id must not cost a query per loaded row.
    instance._interval_facility_id = instance.__dict__.get("facility_id")


def period_saved(sender, instance, **kwargs) -> None:
    # A save may have moved the period to another facility: both owners are rebuilt.
    previous = getattr(instance, "_interval_facility_id", None)
    rebuild_opening_intervals({instance.facility_id, previous} - {None})
    instance._interval_facility_id = instance.facility_id


def period_deleted(sender, instance, **kwargs) -> None:
    rebuild_opening_intervals([instance.facility_id])
