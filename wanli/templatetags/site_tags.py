from django import template
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page in every language, as plain links (no form, so pages stay cacheable)."""
    request = context["request"]
    current = get_language()
    query = request.META.get("QUERY_STRING", "")
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(request.path, code)
        if query:
            url = f"{url}?{query}"
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "current": code == current,
                "absolute_url": request.build_absolute_uri(url),
            }
        )
    return links


@register.simple_tag
def login_url() -> str:
    """Where staff sign in (settings.LOGIN_URL: a URL name or a path), for pages that send them there."""
    return resolve_url(settings.LOGIN_URL)


@register.filter
def total_minutes(duration) -> int:
    """A timedelta as whole minutes, for sentences like “30 分钟后再试”."""
    return int(duration.total_seconds() // 60) if duration else 0
