"""The holiday-calendar warning on the admin index (templates/admin/index.html)."""

from django import template

from ..admin import holiday_calendar_warning
from ..hours import local_now

register = template.Library()


@register.simple_tag(takes_context=True)
def holiday_calendar_warning_for(context) -> str:
    """The warning for staff who can see the calendar; "" for everyone else or when next year is loaded."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.has_perm("facilities.view_publicholiday"):
        return ""
    return holiday_calendar_warning(today=local_now().date())
