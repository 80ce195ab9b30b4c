"""Two app servers on loopback, one PostgreSQL database, one Redis: the same content from both, and an edit
is visible through either on the next request (the shared content version in Redis invalidates both)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.db import connection

from tests.facilities.factories import FacilityFactory
from wanli.settings.connections import cache_config

from .conftest import production_env

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _redis_reachable() -> bool:
    try:
        socket.create_connection(REDIS, timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.fixture
def shared_services():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    if not _redis_reachable():
        if os.environ.get("CI"):
            pytest.fail("CI has PostgreSQL, so Redis must be reachable at 127.0.0.1:6379 for this test")
        pytest.skip("needs Redis at 127.0.0.1:6379")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    settings_dict = connection.settings_dict
    user = settings_dict["USER"] or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def _get(port: int, path: str) -> tuple[int, dict, str]:
    # As behind a load balancer: the same Host and scheme whichever server answers.
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read().decode()


@pytest.fixture
def two_servers(shared_services, collected_static, tmp_path, settings):
    cache_url = f"redis://{REDIS[0]}:{REDIS[1]}/0?key_prefix=wanli-two-servers-{uuid.uuid4().hex}"
    env = production_env(
        DATABASE_URL=_database_url(),
        CACHE_URL=cache_url,
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(collected_static),
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="2",
        GUNICORN_ACCESS_LOG="",
    )
    ports, processes = [_free_port(), _free_port()], []
    logs = [tmp_path / f"server-{port}.log" for port in ports]
    try:
        for port, log in zip(ports, logs, strict=True):
            with open(log, "wb") as output:
                processes.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wanli.wsgi:application"],
                        cwd=ROOT,
                        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                        stdout=output,
                        stderr=subprocess.STDOUT,
                    )
                )
        for port, process, log in zip(ports, processes, logs, strict=True):
            deadline = time.monotonic() + 60
            while True:
                try:
                    if _get(port, "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                if process.poll() is not None:
                    pytest.fail(f"server on port {port} exited: {log.read_text()[-2000:]}")
                if time.monotonic() > deadline:
                    pytest.fail(f"server on port {port} did not become healthy: {log.read_text()[-2000:]}")
                time.sleep(0.2)
        # This test process writes through the same Redis, as a third app server would.
        settings.CACHES = {"default": cache_config(cache_url)}
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_an_edit_through_one_server_shows_through_the_other(two_servers):
    first, second = two_servers
    facility = FacilityFactory(name="两台服务器测试食堂", slug="two-servers-canteen")
    path = facility.get_absolute_url()

    status, headers, page_first = _get(first, path)
    assert status == 200 and headers["X-Cache"] == "miss"
    status, headers, page_second = _get(second, path)
    assert headers["X-Cache"] == "hit"  # the cache is shared
    assert "两台服务器测试食堂" in page_first and "两台服务器测试食堂" in page_second
    assert _get(first, "/facilities/")[2].count("两台服务器测试食堂") == _get(second, "/facilities/")[2].count(
        "两台服务器测试食堂"
    )

    facility.name = "改名后的食堂"
    facility.save()  # what the admin's save runs

    for port in (second, first):
        status, headers, page = _get(port, path)
        assert status == 200
        assert "改名后的食堂" in page
        assert "两台服务器测试食堂" not in page
    assert "改名后的食堂" in _get(second, "/facilities/")[2]
