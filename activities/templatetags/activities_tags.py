"""Template tags the facilities pages use to show the coming activities there (activities sits above facilities)."""

from django import template

from ..queries import coming_at_facility

register = template.Library()


@register.inclusion_tag("activities/includes/at_facility.html", name="activities_at_facility")
def activities_at_facility(facility):
    return {"facility": facility, "activities": coming_at_facility(facility)}
