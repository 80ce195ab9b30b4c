from django import template

register = template.Library()


@register.inclusion_tag("facilities/includes/open_status.html")
def open_status_badge(status):
    return {"status": status}
