from django.test import RequestFactory

from casework import ratelimit


def test_limit_counts_per_identity(settings):
    settings.CASEWORK_RATE_LIMITS = {"request_ip": (2, 60)}
    assert not ratelimit.hit("request_ip", "1.2.3.4")
    assert not ratelimit.hit("request_ip", "1.2.3.4")
    assert ratelimit.hit("request_ip", "1.2.3.4")
    assert ratelimit.is_limited("request_ip", "1.2.3.4")
    assert not ratelimit.is_limited("request_ip", "5.6.7.8")


def test_unconfigured_limits_use_defaults(settings):
    settings.CASEWORK_RATE_LIMITS = {}
    assert ratelimit.limit_for("track_ip") == ratelimit.DEFAULT_LIMITS["track_ip"]


def test_client_ip_ignores_forged_forwarded_for_without_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert ratelimit.client_ip(request) == "10.0.0.1"


def test_client_ip_behind_one_proxy_takes_the_address_it_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert ratelimit.client_ip(request) == "203.0.113.9"
