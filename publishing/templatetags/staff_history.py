"""Template filters for the history pages: a history_list_display column's label and a record's value."""

from django import template

from publishing.history import display_value, field_label

register = template.Library()


@register.filter
def history_column_label(opts, column: str) -> str:
    return field_label(opts.model, column)


@register.filter
def history_value(record, column: str) -> str:
    try:
        field = type(record)._meta.get_field(column)
    except Exception:  # set on the record by an admin method of that name
        field = None
    return display_value(field, getattr(record, column, None))
