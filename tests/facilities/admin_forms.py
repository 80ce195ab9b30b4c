"""Turns a rendered admin change form (from the test client) back into the POST data a browser would send."""

from datetime import date, datetime, time
from decimal import Decimal


def _encode(value):
    if isinstance(value, datetime | date | time | Decimal):
        return str(value)
    return value


def _add_form(data: dict, form) -> None:
    for name in form.fields:
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or value is False:
            continue
        if value is True:
            data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [_encode(v) for v in value]
        else:
            data[key] = _encode(value)


def change_form_data(response) -> dict:
    """Everything the page's main form and its inline formsets would submit, unchanged."""
    data: dict = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    return data
