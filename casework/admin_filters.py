"""The request queue's own list filters: how long ago, overdue or not, still open or ended."""

from datetime import timedelta

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AgeFilter(admin.SimpleListFilter):
    title = _("已提交多久")
    parameter_name = "age"
    RANGES = {
        "1d": (None, 1),
        "3d": (1, 3),
        "7d": (3, 7),
        "older": (7, None),
    }

    def lookups(self, request, model_admin):
        return [("1d", _("1 天内")), ("3d", _("1–3 天")), ("7d", _("3–7 天")), ("older", _("7 天以上"))]

    def queryset(self, request, queryset):
        if self.value() not in self.RANGES:
            return queryset
        newest_days, oldest_days = self.RANGES[self.value()]
        now = timezone.now()
        if newest_days is not None:
            queryset = queryset.filter(created_at__lte=now - timedelta(days=newest_days))
        if oldest_days is not None:
            queryset = queryset.filter(created_at__gt=now - timedelta(days=oldest_days))
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("是否超时")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("已超时")), ("no", _("未超时"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.overdue().values("pk"))
        return queryset


class OpenFilter(admin.SimpleListFilter):
    title = _("办理中 / 已结束")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", _("办理中")), ("closed", _("已结束"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.open()
        if self.value() == "closed":
            return queryset.closed()
        return queryset
