"""History pages in the staff's language: fields by their verbose names, values by their labels.

django-simple-history shows a changed value as Python prints it (`published`, `None`, `True`); staff read the
choice's label, 是/否, and an empty value as （空）.
"""

from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper


def display_value(field: models.Field | None, value) -> str:
    """A stored value as the change form would show it."""
    if value is None or value == "":
        return _("（空）")
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if timezone.is_aware(value) else f"{value:%Y-%m-%d %H:%M}"
    return str(value)


def field_label(model, name: str) -> str:
    """A model field's verbose name, or the name unchanged when the model has no such field."""
    try:
        return str(capfirst(model._meta.get_field(name).verbose_name))
    except Exception:  # an admin method or property listed in history_list_display
        return name


class LabelledHistoryContextHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        prepared = super().prepare_delta_change_value(change, value)
        if isinstance(field, models.ManyToManyField):
            return "、".join(str(obj) for obj in prepared) or _("（空）")
        return display_value(field, prepared)


class StaffHistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose "changes" column shows labels (templates/simple_history/ does the rest)."""

    def get_historical_record_context_helper(self, request, historical_record):
        return LabelledHistoryContextHelper(self.model, historical_record)
