"""Site-wide views: the health check and the benchmark floor."""
import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "error", "cache": "ok"}


def test_healthz_answers_503_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error"}


def test_bench_floor_exists_only_when_benchmarking(client, settings):
    assert client.get("/bench/floor").status_code == 404
    settings.BENCHMARK = True
    response = client.get("/bench/floor")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_admin_lives_at_the_configured_url(settings):
    from django.urls import reverse

    assert reverse("admin:index") == f"/{settings.ADMIN_URL}"


def test_fresh_migrate_and_seed_create_no_user_account():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("seed_wanli", verbosity=0)
    call_command("generate_demo", "--facilities", "3", verbosity=0)
    user_model = get_user_model()
    assert user_model.objects.count() == 0
