"""A per-client request limit for the public API, so one scraper cannot starve the site (answers 429)."""
from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class OpenDataRateThrottle(AnonRateThrottle):
    scope = "opendata"

    def get_rate(self) -> str:
        # Read at request time, so the setting (and tests overriding it) take effect without a restart.
        return settings.OPENDATA_THROTTLE_RATE
