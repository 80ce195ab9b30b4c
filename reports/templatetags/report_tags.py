"""Formatting of reported figures, and the report card's link for other apps' pages."""
from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from ..figures import plain_number, signed_number
from ..models import MetricValue, Qualifier

register = template.Library()


@register.simple_tag
def figure(value: MetricValue) -> str:
    """A value as a resident reads it: "15,493 万元", "700余 场", "约 300,000 人次" (English: "700+", "about")."""
    number = plain_number(value.value)
    if value.qualifier == Qualifier.AT_LEAST:
        number = _("%(number)s余") % {"number": number}
    elif value.qualifier == Qualifier.ABOUT:
        number = _("约 %(number)s") % {"number": number}
    unit = value.metric.display_unit
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


@register.filter
def number(value: Decimal | None) -> str:
    return plain_number(value)


@register.filter
def signed(value: Decimal | None) -> str:
    return signed_number(value)


@register.inclusion_tag("reports/includes/bar_chart.html")
def trend_chart(chart, *, chart_id: str, title: str, description: str):
    return {"chart": chart, "chart_id": chart_id, "title": title, "description": description}
