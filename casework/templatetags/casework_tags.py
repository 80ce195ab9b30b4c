"""Places where casework shows up on pages of lower apps (facility and service pages)."""

from django import template
from django.urls import reverse

from ..queries import online_application, request_figures_for_year

register = template.Library()


@register.inclusion_tag("casework/includes/apply_online.html", takes_context=True)
def apply_online(context, service):
    """The "在线申请" button, shown exactly when the request form takes an application (`online_application`),
    or the reason it cannot yet."""
    application = online_application(service)
    return {
        "application": application,
        "url": reverse("casework:request_new", kwargs={"slug": service.slug}) if application.accepts else "",
        "service": service,
        "SITE_CONTACT": context.get("SITE_CONTACT"),
        "CITIZEN_HOTLINE": context.get("CITIZEN_HOTLINE"),
    }


@register.inclusion_tag("casework/includes/report_wrong_info.html")
def report_wrong_info(subject):
    """ "Report wrong information": a link to the short correction form about this page's facility or service."""
    model = subject._meta.model_name
    return {"url": reverse("casework:correction_new", kwargs={"model": model, "pk": subject.pk})}


@register.inclusion_tag("casework/includes/request_figures.html")
def request_figures_table(year: int):
    """The requests section of the managers' dashboard: `{% load casework_tags %}{% request_figures_table year %}`.
    Figures only, never personal data, so the manager role needs no personal-data permission to see it."""
    return {"figures": request_figures_for_year(int(year)), "year": year}
