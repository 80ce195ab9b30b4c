"""Django admin for the report card: staff enter and correct each year's figures and honours here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from publishing.admin import StaffImportExportMixin
from publishing.history import StaffHistoryAdmin

from .models import Achievement, Metric, MetricValue
from .resources import MetricValueResource


class MetricValueInline(admin.TabularInline):
    model = MetricValue
    extra = 0
    fields = ["year", "value", "qualifier", "period_kind", "as_of", "target", "note", "source"]
    ordering = ["-year"]


@admin.register(Metric)
class MetricAdmin(StaffHistoryAdmin):
    list_display = ["name", "code", "category", "unit", "higher_is_better", "headline", "order"]
    list_editable = ["order"]
    list_filter = ["category", "headline", "higher_is_better"]
    search_fields = ["name", "name_en", "code", "description"]
    inlines = [MetricValueInline]
    fieldsets = [
        (None, {"fields": ["name", "name_en", "code", "category", "order"]}),
        (_("单位与判读"), {"fields": ["unit", "unit_en", "higher_is_better", "headline"]}),
        (_("说明"), {"fields": ["description", "description_en"]}),
    ]


@admin.register(MetricValue)
class MetricValueAdmin(StaffImportExportMixin, StaffHistoryAdmin):
    resource_classes = [MetricValueResource]
    list_display = ["metric", "year", "value", "qualifier", "period_kind", "target", "updated_at"]
    list_filter = ["year", "metric__category", "qualifier", "period_kind"]
    search_fields = ["metric__name", "metric__name_en", "metric__code", "note", "source"]
    list_select_related = ["metric"]
    autocomplete_fields = ["metric"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["metric", "year", "value", "qualifier"]}),
        (_("统计口径"), {"fields": ["period_kind", "as_of"]}),
        (_("目标"), {"fields": ["target"]}),
        (_("备注与来源"), {"fields": ["note", "note_en", "source", "created_at", "updated_at"]}),
    ]


@admin.register(Achievement)
class AchievementAdmin(StaffHistoryAdmin):
    list_display = ["title", "year", "kind", "category", "level", "highlighted"]
    list_editable = ["highlighted"]
    list_filter = ["year", "kind", "category", "level", "highlighted"]
    search_fields = ["title", "title_en", "description", "awarding_body"]
    autocomplete_fields = ["facility"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["year", "kind", "category", "title", "title_en", "highlighted", "order"]}),
        (_("说明"), {"fields": ["description", "description_en"]}),
        (_("授予情况"), {"fields": ["level", "awarding_body", "awarding_body_en"]}),
        (_("相关设施"), {"fields": ["facility"]}),
        (_("照片"), {"fields": ["photo", "photo_alt_text"]}),
        (_("资料来源"), {"fields": ["source", "created_at", "updated_at"]}),
    ]
