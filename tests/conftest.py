"""Fixtures shared by the whole suite."""

import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    from safeguards.counters import local_counters
    from safeguards.redis_breaker import CircuitBreakerConnectionPool

    def clear():
        cache.clear()
        local_counters.clear()  # the limits' fallback while Redis is away
        CircuitBreakerConnectionPool.reset_all()

    clear()
    yield
    clear()


@pytest.fixture
def chinese():
    from django.utils import translation

    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in Chinese, whatever language an earlier test left active in this thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def staff_client(client, django_user_model):
    """A client signed in as a superuser, for the admin's pages and actions (a module may define its own)."""
    user = django_user_model.objects.create_superuser("staff", "staff@example.org", "a-long-password-123")
    client.force_login(user)
    return client
