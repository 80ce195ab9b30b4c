"""Places where casework shows up on pages of lower apps (facility and service pages)."""
from django import template
from django.urls import reverse

from services.models import ServiceOperationStatus

from ..queries import request_figures_for_year, settings_for

register = template.Library()


@register.inclusion_tag("casework/includes/apply_online.html")
def apply_online(service):
    """The "Apply online" button, on services that take requests on the portal."""
    request_settings = settings_for(service)
    accepts = bool(
        request_settings and request_settings.accepts_requests and service.operation_status == ServiceOperationStatus.ACTIVE
    )
    return {
        "accepts": accepts,
        "url": reverse("casework:request_new", kwargs={"slug": service.slug}) if accepts else "",
        "service": service,
    }


@register.inclusion_tag("casework/includes/report_wrong_info.html")
def report_wrong_info(subject):
    """"Report wrong information": a link to the short correction form about this page's facility or service."""
    model = subject._meta.model_name
    return {"url": reverse("casework:correction_new", kwargs={"model": model, "pk": subject.pk})}


@register.simple_tag
def track_request_url():
    return reverse("casework:track")


@register.inclusion_tag("casework/includes/request_figures.html")
def request_figures_table(year: int):
    """The requests section of the managers' dashboard: `{% load casework_tags %}{% request_figures_table year %}`.
    Figures only, never personal data, so the manager role needs no personal-data permission to see it."""
    return {"figures": request_figures_for_year(int(year)), "year": year}
