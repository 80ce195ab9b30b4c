"""Limit counters: atomic in the shared cache, and in local memory while the shared cache does not answer."""

import threading

import pytest
from django.core.cache import cache

from safeguards import counters
from wanli.settings.connections import cache_config

REDIS_TEST_URL = "redis://127.0.0.1:6379/14"  # this branch's own Redis database


def test_counts_and_gives_back():
    assert [counters.increment("k", window=60) for _ in range(3)] == [1, 2, 3]
    counters.decrement("k")
    assert counters.current("k") == 2
    assert counters.current("other") == 0


def test_without_redis_the_counters_keep_counting_in_local_memory(settings):
    settings.CACHES = {"default": cache_config("redis://127.0.0.1:1/0")}  # nothing listens on port 1
    assert [counters.increment("k", window=60) for _ in range(3)] == [1, 2, 3]
    assert counters.current("k") == 3
    counters.decrement("k")
    assert counters.local_counters.get("k") == 2


@pytest.fixture
def real_redis(settings):
    settings.CACHES = {"default": cache_config(REDIS_TEST_URL)}
    if not cache.set("safeguards:probe", 1, timeout=5):
        pytest.skip("no Redis on 127.0.0.1:6379")
    cache.clear()
    yield
    cache.clear()


def test_with_redis_the_count_is_shared_and_has_the_window_as_its_lifetime(real_redis):
    assert counters.increment("k", window=60) == 1
    assert counters.increment("k", window=60) == 2
    assert counters.local_counters.get("k") is None
    assert 0 < counters.ttl("k") <= 60


@pytest.mark.parametrize("store", ["locmem", "redis"])
def test_parallel_increments_each_get_their_own_number(request, store):
    if store == "redis":
        request.getfixturevalue("real_redis")
    barrier = threading.Barrier(20)
    counts, lock = [], threading.Lock()

    def increment():
        barrier.wait(timeout=10)
        count = counters.increment("parallel", window=60)
        with lock:
            counts.append(count)

    threads = [threading.Thread(target=increment) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(counts) == list(range(1, 21))
