"""Formatting of reported figures, and the report card's link for other apps' pages."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from facilities.bilingual import prefers_english

from ..figures import plain_number, signed_number
from ..models import MetricValue, Qualifier

register = template.Library()


WAN = Decimal(10000)


def _in_wan(number: Decimal, *, unit: str) -> str:
    """Chinese readers count large numbers in 万: 300000 人次 reads "30万人次", as the source wrote it."""
    if prefers_english() or unit.startswith("万") or abs(number) < 10 * WAN or number % WAN:
        return ""
    return _("%(number)s万") % {"number": plain_number(number / WAN)}


@register.simple_tag
def figure(value: MetricValue) -> str:
    """A value as a resident reads it: "15,493万元", "700余场", "约30万人次" (English: "700+", "about")."""
    unit = value.metric.display_unit
    number = _in_wan(value.value, unit=unit) or plain_number(value.value)
    if value.qualifier == Qualifier.AT_LEAST:
        number = _("%(number)s余") % {"number": number}
    elif value.qualifier == Qualifier.ABOUT:
        number = _("约%(number)s") % {"number": number}
    return _with_unit(number, unit=unit)


@register.simple_tag
def target_figure(value: MetricValue) -> str:
    """A value's target in the value's unit ("150家", "30万人次"); "" when no target is set.
    A target is a round figure someone set, so it never carries the value's 余 or 约."""
    if value.target is None:
        return ""
    unit = value.metric.display_unit
    return _with_unit(_in_wan(value.target, unit=unit) or plain_number(value.target), unit=unit)


def _with_unit(number: str, *, unit: str) -> str:
    if not unit:
        return number
    if unit == "%":
        return f"{number}%"
    return _("%(number)s%(unit)s") % {"number": number, "unit": unit}


@register.filter
def number(value: Decimal | None) -> str:
    return plain_number(value)


@register.filter
def signed(value: Decimal | None) -> str:
    return signed_number(value)


@register.inclusion_tag("reports/includes/bar_chart.html")
def trend_chart(chart, *, chart_id: str, title: str, description: str, current: int | str = ""):
    """`current` is the year on show: its bar is drawn darker, so the chart says where this year stands."""
    return {"chart": chart, "chart_id": chart_id, "title": title, "description": description, "current": str(current)}
