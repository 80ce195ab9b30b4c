"""The one client address: rightmost-N of X-Forwarded-For behind N trusted proxies, REMOTE_ADDR otherwise."""

import logging

import pytest
from django.test import RequestFactory

from safeguards import client_address
from safeguards.client_address import address_from, axes_client_ip, client_ip


@pytest.fixture(autouse=True)
def fresh_warning_interval():
    client_address.reset_warning_interval()
    yield
    client_address.reset_warning_interval()


def meta(forwarded=None, remote="10.0.0.1"):
    values = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        values["HTTP_X_FORWARDED_FOR"] = forwarded
    return values


@pytest.mark.parametrize(
    ("forwarded", "proxies", "expected"),
    [
        ("6.6.6.6", 0, "10.0.0.1"),  # no trusted proxy: the header is the client's own words
        ("203.0.113.9", 1, "203.0.113.9"),
        ("6.6.6.6, 203.0.113.9", 1, "203.0.113.9"),  # the forged left-most entry is never used
        ("6.6.6.6, 203.0.113.9, 10.0.0.7", 2, "203.0.113.9"),  # load balancer + nginx
        ("6.6.6.6,203.0.113.9 , 10.0.0.7", 2, "203.0.113.9"),
        ("2001:db8::1", 1, "2001:db8::1"),
    ],
)
def test_the_nth_entry_from_the_right(forwarded, proxies, expected):
    assert address_from(meta(forwarded), trusted_proxies=proxies) == expected


def test_fewer_entries_than_proxies_is_logged_once_and_uses_remote_addr(caplog):
    with caplog.at_level(logging.WARNING, logger="safeguards.client_address"):
        assert address_from(meta(), trusted_proxies=1) == "10.0.0.1"
        assert address_from(meta("203.0.113.9"), trusted_proxies=2) == "10.0.0.1"
    warnings = [r for r in caplog.records if r.name == "safeguards.client_address"]
    assert len(warnings) == 1  # not one line per request
    assert "TRUSTED_PROXY_COUNT is 1" in warnings[0].getMessage()


def test_an_entry_that_is_not_an_address_is_not_trusted(caplog):
    with caplog.at_level(logging.WARNING, logger="safeguards.client_address"):
        assert address_from(meta("<script>"), trusted_proxies=1) == "10.0.0.1"
    assert "not an IP address" in caplog.text


def test_client_ip_follows_the_setting(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"


def test_axes_gets_none_rather_than_a_word_it_cannot_store(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) == "unknown"
    assert axes_client_ip(request) is None


def test_axes_is_configured_with_the_same_function(settings):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert get_client_ip_address(request) == "203.0.113.9"
