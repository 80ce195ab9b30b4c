"""A hung or absent Redis: pages answer without waiting on Redis again and again, and the limits still refuse."""

import logging
import socket
import threading
import time
from types import SimpleNamespace

import pytest
from django.urls import reverse

from safeguards.redis_breaker import CircuitBreaker
from wanli.settings.connections import cache_config

pytestmark = pytest.mark.django_db


@pytest.fixture
def hung_redis():
    """A TCP server that accepts every connection and never answers: a hung Redis. Counts the connections."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.05)
    accepted, stop = [], threading.Event()

    def serve():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            accepted.append(connection)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()

    def connections_made() -> int:
        time.sleep(0.2)  # let the accept loop catch up with the kernel's queue
        return len(accepted)

    yield SimpleNamespace(url=f"redis://127.0.0.1:{server.getsockname()[1]}/14", connections_made=connections_made)
    stop.set()
    thread.join(timeout=5)
    for connection in accepted:
        connection.close()
    server.close()


def use_redis(settings, url: str, *, breaker_seconds: float = 10.0) -> None:
    config = cache_config(url)
    config["OPTIONS"]["CONNECTION_POOL_KWARGS"]["circuit_breaker_seconds"] = breaker_seconds
    settings.CACHES = {"default": config}


def test_a_hung_redis_costs_one_timeout_not_one_per_call(client, settings, hung_redis):
    use_redis(settings, hung_redis.url)
    for path in ["/", "/facilities/", "/privacy/", "/", "/en/"]:
        response = client.get(path)
        assert response.status_code == 200
        assert "X-Cache" not in response  # answered uncached
    # Each page makes several cache calls; without the breaker each one would open a connection and wait.
    assert hung_redis.connections_made() == 1


def test_after_its_open_time_the_breaker_tries_redis_again(client, settings, hung_redis):
    use_redis(settings, hung_redis.url, breaker_seconds=0.3)
    client.get("/privacy/")
    assert hung_redis.connections_made() == 1
    time.sleep(0.4)
    client.get("/privacy/")
    assert hung_redis.connections_made() == 2


def test_with_a_hung_redis_the_limits_still_refuse(client, settings, hung_redis):
    use_redis(settings, hung_redis.url)
    settings.CASEWORK_RATE_LIMITS = {"track_ip": (2, 3600)}
    statuses = [client.post(reverse("casework:track"), {"code": "X", "last4": "1234"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_with_redis_down_the_limits_still_refuse(client, settings):
    from tests.casework.factories import repair_service
    from tests.casework.test_views import apply_url, form_data

    settings.CACHES = {"default": cache_config("redis://127.0.0.1:1/0")}  # nothing listens on port 1
    settings.CASEWORK_RATE_LIMITS = {"request_ip": (1, 3600), "request_phone": (100, 86400)}
    service = repair_service()
    assert client.post(apply_url(service), form_data()).status_code == 302
    assert client.post(apply_url(service), form_data(phone="13900000001", description="另一件")).status_code == 429


def test_the_breaker_logs_an_outage_once(caplog):
    breaker = CircuitBreaker(10, name="Redis test")
    with caplog.at_level(logging.WARNING, logger="safeguards.redis_breaker"):
        breaker.trip(ConnectionError("refused"))
        breaker.trip(ConnectionError("refused"))
    assert breaker.is_open
    assert caplog.text.count("Redis test unavailable") == 1
    breaker.reset()
    assert not breaker.is_open
