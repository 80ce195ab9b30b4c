"""A per-client request limit for the public API, so one scraper cannot starve the site (answers 429)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from safeguards import counters
from safeguards.client_address import client_ip


class OpenDataRateThrottle(AnonRateThrottle):
    """N requests per period per anonymous client, counted in one shared-cache counter per client.

    DRF's own throttle keeps a list of every request's timestamp and reads and rewrites it (two round trips,
    and a pickle as long as the rate) on each request. This counter costs one atomic increment; its window
    starts at the client's first request and ends when the key expires. While Redis is away it counts in
    local memory (safeguards.counters), so the API stays limited.
    """

    scope = "opendata"

    def get_rate(self) -> str:
        # Read at request time, so the setting (and tests overriding it) take effect without a restart.
        return settings.OPENDATA_THROTTLE_RATE

    def get_cache_key(self, request, view) -> str | None:
        # The page cache asks before authentication has run (it serves only visitors without a session).
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def get_ident(self, request) -> str:
        # The address as the site's trusted proxies report it (TRUSTED_PROXY_COUNT), never the whole
        # X-Forwarded-For header, which a client can change on every request to escape the limit.
        return client_ip(request)

    def allow_request(self, request, view) -> bool:
        self.num_requests, self.duration = self.parse_rate(self.get_rate())
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True  # signed-in staff are not limited
        return counters.increment(self.key, window=self.duration) <= self.num_requests

    def wait(self) -> float:
        remaining = counters.ttl(self.key)  # django-redis knows when the window ends; other caches do not
        return float(remaining) if remaining is not None else float(self.duration)


def throttled_response(request):
    """For the site-wide page cache: a request answered from the cache still counts against the client's
    limit, and over the limit gets the same 429 the API views give. None when the request may proceed."""
    from django.http import JsonResponse
    from django.utils.translation import gettext as _

    throttle = OpenDataRateThrottle()
    if throttle.allow_request(request, view=None):
        return None
    response = JsonResponse({"detail": _("请求过于频繁，请稍后再试。")}, status=429)
    response["Retry-After"] = str(int(throttle.wait()) + 1)
    return response
