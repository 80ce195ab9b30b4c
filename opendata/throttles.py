"""A per-client request limit for the public API, so one scraper cannot starve the site (answers 429)."""
from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class OpenDataRateThrottle(AnonRateThrottle):
    scope = "opendata"

    def get_rate(self) -> str:
        # Read at request time, so the setting (and tests overriding it) take effect without a restart.
        return settings.OPENDATA_THROTTLE_RATE


def throttled_response(request):
    """For the site-wide page cache: a request answered from the cache still counts against the client's
    limit, and over the limit gets the same 429 the API views give. None when the request may proceed."""
    from django.http import JsonResponse
    from django.utils.translation import gettext as _

    throttle = OpenDataRateThrottle()
    if throttle.allow_request(request, view=None):
        return None
    response = JsonResponse({"detail": _("请求过于频繁，请稍后再试。")}, status=429)
    wait = throttle.wait()
    if wait is not None:
        response["Retry-After"] = str(int(wait) + 1)
    return response
