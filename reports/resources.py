"""Bulk import and export of the yearly figures (django-import-export), matched on metric code + year."""

from django.utils.translation import gettext_lazy as _
from import_export import fields

from publishing.importing import KeyForeignKeyWidget, StaffModelResource

from .models import Metric, MetricValue


class MetricValueResource(StaffModelResource):
    """One row per metric and year; the metric is given by its code."""

    metric = fields.Field(attribute="metric", column_name="metric", widget=KeyForeignKeyWidget(Metric, field="code"))
    column_names = {"metric": _("指标（代码）")}

    class Meta:
        model = MetricValue
        import_id_fields = ["metric", "year"]
        fields = ["metric", "year", "value", "qualifier", "period_kind", "as_of", "target", "note", "note_en", "source"]
        export_order = fields

    def get_queryset(self):
        return MetricValue.objects.select_related("metric")
