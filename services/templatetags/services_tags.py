"""Template tags the facilities pages use to show services and canteen menus (services sits above facilities)."""

from django import template

from facilities.hours import local_now

from ..queries import services_at_facility, upcoming_menus

register = template.Library()

CANTEEN_KIND = "canteen"


@register.inclusion_tag("services/includes/services_at_facility.html", name="services_at_facility")
def services_at_facility_list(facility):
    return {"links": services_at_facility(facility)}


@register.inclusion_tag("services/includes/canteen_menu.html")
def canteen_menu(facility):
    """Today's and the coming days' published menus; shown for canteens, and for any place that has menus."""
    today = local_now().date()
    days = upcoming_menus(facility, today=today)
    return {"days": days, "today": today, "show": bool(days) or facility.kind.slug == CANTEEN_KIND}
