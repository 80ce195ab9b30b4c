"""The fixed-window limits themselves (intake/ratelimit.py); the forms that use them are tested in their apps."""

import threading

from django.test import RequestFactory

from intake import ratelimit


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


def test_a_use_given_back_can_be_taken_again(settings):
    settings.CASEWORK_RATE_LIMITS = {"correction_ip": (1, 60)}
    assert ratelimit.take("correction_ip", "1.2.3.4")
    ratelimit.give_back("correction_ip", "1.2.3.4")
    assert ratelimit.take("correction_ip", "1.2.3.4")
    assert not ratelimit.take("correction_ip", "1.2.3.4")


def test_parallel_takes_never_exceed_the_limit(settings):
    settings.CASEWORK_RATE_LIMITS = {"request_ip": (10, 3600)}
    barrier = threading.Barrier(20)
    results, lock = [], threading.Lock()

    def take():
        barrier.wait(timeout=10)
        allowed = ratelimit.take("request_ip", "203.0.113.5")
        with lock:
            results.append(allowed)

    threads = [threading.Thread(target=take) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results.count(True) == 10 and len(results) == 20
