"""长者模式 (elderly-friendly mode): larger text, higher contrast, larger tap targets, one column.

The mode is remembered in a cookie set by a plain link (no JavaScript, no form). The production cache keys
pages on this cookie, so its name and its value "1" must stay exactly as they are.
"""
from django.http import HttpRequest

ELDERLY_MODE_COOKIE = "elderly_mode"
ELDERLY_MODE_ON = "1"
ELDERLY_MODE_MAX_AGE = 60 * 60 * 24 * 365


def elderly_mode_on(request: HttpRequest) -> bool:
    return request.COOKIES.get(ELDERLY_MODE_COOKIE) == ELDERLY_MODE_ON
