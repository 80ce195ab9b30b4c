"""长者模式 (elderly-friendly mode): larger text, higher contrast, larger tap targets, one column.

The mode is remembered in a cookie set by a plain link (no JavaScript, no form). The production cache keys
pages on this cookie, so its name and its value "1" must stay exactly as they are.

Two options build on it, each its own cookie set by its own plain link in the same way: 超大字 (largest
text, 30 px body text) and 大鼠标 (an extra-large cursor). They only apply while 长者模式 is on: turning an
option on turns the mode on too, and turning the mode off clears them, so no option is left behind unseen.
"""

from django.http import HttpRequest

ELDERLY_MODE_COOKIE = "elderly_mode"
ELDERLY_MODE_ON = "1"
ELDERLY_MODE_MAX_AGE = 60 * 60 * 24 * 365

# Address slug -> cookie name; the cookie's value is ELDERLY_MODE_ON when the option is on.
ELDERLY_OPTIONS = {"largest-text": "largest_text", "large-cursor": "large_cursor"}


def elderly_mode_on(request: HttpRequest) -> bool:
    return request.COOKIES.get(ELDERLY_MODE_COOKIE) == ELDERLY_MODE_ON


def elderly_option_on(request: HttpRequest, option: str) -> bool:
    """Whether an option of ELDERLY_OPTIONS applies to this request (never without the mode itself)."""
    return elderly_mode_on(request) and request.COOKIES.get(ELDERLY_OPTIONS[option]) == ELDERLY_MODE_ON


def display_mode(request: HttpRequest) -> str:
    """The part of the page-cache key for how the page looks: "0" (normal), "1" (elderly), or "1" followed by
    the options that are on ("1+largest-text", ...): each combination is a page of its own."""
    if not elderly_mode_on(request):
        return "0"
    return "+".join(["1", *(option for option in ELDERLY_OPTIONS if elderly_option_on(request, option))])
